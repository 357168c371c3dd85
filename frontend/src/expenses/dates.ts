// Calendar dates as the API wants them ("YYYY-MM-DD"), in the browser's time zone.

const pad = (n: number) => String(n).padStart(2, "0");

export function isoDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function today(): string {
  return isoDate(new Date());
}

/** First and last day of this month (offset 0), last month (-1), … */
export function monthRange(offset = 0): [string, string] {
  const now = new Date();
  const first = new Date(now.getFullYear(), now.getMonth() + offset, 1);
  const last = new Date(now.getFullYear(), now.getMonth() + offset + 1, 0);
  return [isoDate(first), isoDate(last)];
}

/** "2026-03-01" shown in the UI language, without any time-zone shift. */
export function formatDay(value: string, bcp47: string): string {
  const [y, m, d] = value.split("-").map(Number);
  if (!y || !m || !d) return value;
  return new Intl.DateTimeFormat(bcp47, { dateStyle: "medium" }).format(new Date(y, m - 1, d));
}

// Exact decimal-string arithmetic for the cashier's display sums and offline estimates.
// Values are held as bigint with a fixed scale of 8 decimals; never as floats.

const SCALE = 8;
const FACTOR = 10n ** BigInt(SCALE);

/** A decimal as a scaled bigint (value × 10^8). */
export type Dec = bigint;

const DECIMAL_RE = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

export function isDecimal(value: string | null | undefined): boolean {
  return typeof value === "string" && DECIMAL_RE.test(value.trim());
}

/** Parse a decimal string (more than 8 decimals are rounded half up); invalid or empty → 0. */
export function dec(value: string | number | null | undefined): Dec {
  if (value === null || value === undefined) return 0n;
  const text = String(value).trim();
  if (!DECIMAL_RE.test(text)) return 0n;
  const negative = text.startsWith("-");
  const body = text.replace(/^[-+]/, "");
  const [whole = "0", frac = ""] = body.split(".");
  let digits = BigInt((whole || "0") + frac.slice(0, SCALE).padEnd(SCALE, "0"));
  if (frac.length > SCALE && Number(frac[SCALE]) >= 5) digits += 1n;
  return negative ? -digits : digits;
}

/** Format with exactly `places` decimals (half up, away from zero). */
export function fmt(value: Dec, places = 2): string {
  const r = roundTo(value, places);
  const negative = r < 0n;
  const abs = negative ? -r : r;
  const whole = abs / FACTOR;
  const frac = (abs % FACTOR).toString().padStart(SCALE, "0").slice(0, places);
  const text = places > 0 ? `${whole}.${frac}` : `${whole}`;
  return negative && r !== 0n ? `-${text}` : text;
}

/** Round half up (away from zero) to `places` decimals; still a scaled Dec. */
export function roundTo(value: Dec, places: number): Dec {
  if (places >= SCALE) return value;
  const unit = 10n ** BigInt(SCALE - places);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  let q = abs / unit;
  if ((abs % unit) * 2n >= unit) q += 1n;
  const out = q * unit;
  return negative ? -out : out;
}

/** Round half up to a multiple of `step` (e.g. "1", "0.10", "0.05"); a zero step leaves the value. */
export function roundToStep(value: Dec, step: Dec): Dec {
  if (step <= 0n) return value;
  const negative = value < 0n;
  const abs = negative ? -value : value;
  let q = abs / step;
  if ((abs % step) * 2n >= step) q += 1n;
  const out = q * step;
  return negative ? -out : out;
}

/** Round up (ceiling) to a multiple of `step`, for "next banknote" suggestions. */
export function ceilToStep(value: Dec, step: Dec): Dec {
  if (step <= 0n) return value;
  const q = value / step;
  return (value % step === 0n ? q : q + 1n) * step;
}

export function mul(a: Dec, b: Dec): Dec {
  const product = a * b;
  const negative = product < 0n;
  const abs = negative ? -product : product;
  let q = abs / FACTOR;
  if ((abs % FACTOR) * 2n >= FACTOR) q += 1n;
  return negative ? -q : q;
}

/** a / b rounded half up at 8 decimals; b = 0 → 0. */
export function div(a: Dec, b: Dec): Dec {
  if (b === 0n) return 0n;
  const negative = a < 0n !== b < 0n;
  const x = (a < 0n ? -a : a) * FACTOR;
  const y = b < 0n ? -b : b;
  let q = x / y;
  if ((x % y) * 2n >= y) q += 1n;
  return negative ? -q : q;
}

export const ZERO: Dec = 0n;
export const ONE: Dec = FACTOR;
export const HUNDRED: Dec = 100n * FACTOR;

export function sum(values: Dec[]): Dec {
  return values.reduce((acc, v) => acc + v, 0n);
}

export function min(a: Dec, b: Dec): Dec {
  return a < b ? a : b;
}

export function max(a: Dec, b: Dec): Dec {
  return a > b ? a : b;
}

/** Places implied by a step such as "0.10" → 2, "1" → 0. */
export function placesOf(step: string | null | undefined): number {
  const text = (step ?? "").trim();
  const frac = text.split(".")[1] ?? "";
  return frac.replace(/0+$/, "").length;
}

/** A decimal string as typed (digits, one dot, at most `places` decimals) — for input validation. */
export function isAmountText(value: string, places = 2): boolean {
  const text = value.trim();
  if (!text) return false;
  const re = places > 0 ? new RegExp(`^\\d+(\\.\\d{1,${places}})?$`) : /^\d+$/;
  return re.test(text);
}

/** Split 100 into `n` shares with two decimals that add up exactly to 100 (the last takes the rest). */
export function equalShares(n: number): string[] {
  if (n <= 0) return [];
  const each = roundTo(div(HUNDRED, BigInt(n) * FACTOR), 2);
  const out: string[] = [];
  for (let i = 0; i < n - 1; i += 1) out.push(fmt(each, 2));
  out.push(fmt(HUNDRED - each * BigInt(n - 1), 2));
  return out;
}

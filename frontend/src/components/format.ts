import { LANG_BCP47, type Lang } from "../i18n";

/** Format an ISO timestamp in the UI language (and the shop's time zone when valid). */
export function formatDateTime(value: string | null | undefined, lang: Lang, timeZone?: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(LANG_BCP47[lang], { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(LANG_BCP47[lang], options).format(date);
  }
}

/** Only the time of day of an ISO timestamp ("14:05" / "2:05 PM"), in the shop's time zone when valid. */
export function formatTime(value: string | null | undefined, lang: Lang, timeZone?: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = { timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(LANG_BCP47[lang], { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(LANG_BCP47[lang], options).format(date);
  }
}

import { useCallback } from "react";
import { useSession } from "../auth/SessionProvider";
import { LANG_BCP47, useI18n, type Lang } from "../i18n";

// Intl accepts decimal strings (exact in modern browsers, converted to a number by older ones);
// the lib typings of this project only declare number | bigint, hence the cast.
type DecimalFormat = (value: string) => string;

const cache = new Map<string, Intl.NumberFormat>();

function formatter(lang: Lang, currency: string | undefined): Intl.NumberFormat {
  const key = `${lang}|${currency ?? ""}`;
  let fmt = cache.get(key);
  if (!fmt) {
    // stripIfInteger: 1000.00 → "NT$1,000", 1000.50 → "NT$1,000.50".
    const options = { trailingZeroDisplay: "stripIfInteger" } as Intl.NumberFormatOptions;
    try {
      fmt = currency
        ? new Intl.NumberFormat(LANG_BCP47[lang], { ...options, style: "currency", currency })
        : new Intl.NumberFormat(LANG_BCP47[lang], { ...options, minimumFractionDigits: 0, maximumFractionDigits: 2 });
    } catch {
      fmt = new Intl.NumberFormat(LANG_BCP47[lang], { maximumFractionDigits: 2 });
    }
    cache.set(key, fmt);
  }
  return fmt;
}

/** Display a decimal string ("1000.00") as money in the shop currency; display only, no arithmetic. */
export function formatMoney(value: string | number | null | undefined, lang: Lang, currency?: string): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return text;
  return (formatter(lang, currency).format as unknown as DecimalFormat)(text.trim());
}

/** Display a quantity (sessions, minutes, points) without currency. */
export function formatQuantity(value: string | number | null | undefined, lang: Lang): string {
  return formatMoney(value, lang, undefined);
}

/** Formatters bound to the UI language and the shop currency from the session. */
export function useMoney() {
  const { lang } = useI18n();
  const { session } = useSession();
  const currency = session?.tenant?.currency || undefined;
  const money = useCallback((value: string | number | null | undefined) => formatMoney(value, lang, currency), [lang, currency]);
  const quantity = useCallback((value: string | number | null | undefined) => formatQuantity(value, lang), [lang]);
  return { money, quantity, currency };
}

/** True for a decimal string with at most two decimals that is greater than zero. */
export function isPositiveAmount(value: string | null | undefined): boolean {
  if (!value) return false;
  const text = value.trim();
  return /^\d+(\.\d{1,2})?$/.test(text) && /[1-9]/.test(text);
}

/** "-" prefix aware: a ledger amount is a credit when it is not negative. */
export function isNegative(value: string | null | undefined): boolean {
  return !!value && value.trim().startsWith("-");
}

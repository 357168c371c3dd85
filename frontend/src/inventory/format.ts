import { useCallback, useMemo } from "react";
import { useSession } from "../auth/SessionProvider";
import { formatDateTime } from "../components/format";
import { useMoney } from "../components/money";
import { LANG_BCP47, useI18n, type Lang } from "../i18n";

type DecimalFormat = (value: string) => string;
const cache = new Map<string, Intl.NumberFormat>();

function formatter(lang: Lang, digits: number, currency?: string): Intl.NumberFormat {
  const key = `${lang}|${digits}|${currency ?? ""}`;
  let fmt = cache.get(key);
  if (!fmt) {
    const options = { trailingZeroDisplay: "stripIfInteger", maximumFractionDigits: digits } as Intl.NumberFormatOptions;
    try {
      fmt = currency
        ? new Intl.NumberFormat(LANG_BCP47[lang], { ...options, style: "currency", currency })
        : new Intl.NumberFormat(LANG_BCP47[lang], { ...options, minimumFractionDigits: 0 });
    } catch {
      fmt = new Intl.NumberFormat(LANG_BCP47[lang], { maximumFractionDigits: digits });
    }
    cache.set(key, fmt);
  }
  return fmt;
}

function formatDecimal(value: string | null | undefined, lang: Lang, digits: number, currency?: string): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = String(value).trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  return (formatter(lang, digits, currency).format as unknown as DecimalFormat)(text);
}

/** Display helpers of the stock screens: quantities (3 decimals), unit costs (4), money (shop currency). */
export function useStockFormat() {
  const { lang } = useI18n();
  const { session } = useSession();
  const { money, currency } = useMoney();
  const timeZone = session?.tenant?.time_zone;
  const qty = useCallback((value: string | null | undefined) => formatDecimal(value, lang, 3), [lang]);
  /** Signed quantity: "+5", "−2". */
  const signedQty = useCallback(
    (value: string | null | undefined) => {
      const text = formatDecimal(value, lang, 3);
      return value && !String(value).trim().startsWith("-") && /[1-9]/.test(String(value)) ? `+${text}` : text;
    },
    [lang],
  );
  const cost = useCallback((value: string | null | undefined) => formatDecimal(value, lang, 4, currency || undefined), [lang, currency]);
  const dateTime = useCallback((value: string | null | undefined) => formatDateTime(value, lang, timeZone) ?? "—", [lang, timeZone]);
  return useMemo(() => ({ qty, signedQty, cost, money, dateTime, currency }), [qty, signedQty, cost, money, dateTime, currency]);
}

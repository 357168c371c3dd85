import en, { type MessageKey, type Messages } from "./en";
import zhHans from "./zh-hans";
import zhHant from "./zh-hant";
import type { Lang } from "./languages";

export type { MessageKey };
export type TParams = Record<string, string | number>;
export type TFunction = (key: MessageKey, params?: TParams) => string;

const DICTIONARIES: Record<Lang, Messages> = { en, "zh-hans": zhHans, "zh-hant": zhHant };

let currentLang: Lang = "en";

/** Language used by code outside React (API client headers, generic error messages). */
export function getCurrentLang(): Lang {
  return currentLang;
}

export function setCurrentLang(lang: Lang): void {
  currentLang = lang;
}

export function translate(lang: Lang, key: MessageKey, params?: TParams): string {
  const template = DICTIONARIES[lang][key] ?? en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}

/** Translate in the current language (for non-React code). */
export const t: TFunction = (key, params) => translate(currentLang, key, params);

/** Translate a key that may not exist (e.g. a server value like a trade code); falls back. */
export function translateOptional(lang: Lang, key: string, fallback: string): string {
  return Object.prototype.hasOwnProperty.call(en, key) ? translate(lang, key as MessageKey) : fallback;
}

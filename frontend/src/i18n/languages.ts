// Language codes follow Django's: zh-hant, zh-hans, en.

export type Lang = "zh-hant" | "zh-hans" | "en";

export const LANGS: readonly Lang[] = ["zh-hant", "zh-hans", "en"];

/** Native names, shown untranslated in the language switch. */
export const LANG_LABELS: Record<Lang, string> = {
  "zh-hant": "繁體中文",
  "zh-hans": "简体中文",
  en: "English",
};

/** BCP 47 tags for <html lang> and Intl formatting. */
export const LANG_BCP47: Record<Lang, string> = {
  "zh-hant": "zh-Hant-TW",
  "zh-hans": "zh-Hans-CN",
  en: "en",
};

export const STORAGE_KEY = "huiyuan.lang";

/** Map Django codes and browser tags (zh-TW, zh-Hant-HK, zh-CN, en-US, ...) to a Lang. */
export function normalizeLang(input: string | null | undefined): Lang | null {
  if (!input) return null;
  const tag = input.trim().toLowerCase().replace(/_/g, "-");
  if ((LANGS as readonly string[]).includes(tag)) return tag as Lang;
  if (tag.startsWith("zh")) {
    if (/(^|-)(hant|tw|hk|mo)(-|$)/.test(tag)) return "zh-hant";
    return "zh-hans";
  }
  if (tag.startsWith("en")) return "en";
  return null;
}

export function readStoredLang(): Lang | null {
  try {
    return normalizeLang(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

export function storeLang(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page only.
  }
}

/** localStorage, then the server-injected language, then the browser, then English. */
export function detectInitialLang(serverLanguage: string | null): Lang {
  const stored = readStoredLang();
  if (stored) return stored;
  const server = normalizeLang(serverLanguage);
  if (server) return server;
  const browserTags = typeof navigator !== "undefined" ? [...(navigator.languages ?? []), navigator.language] : [];
  for (const tag of browserTags) {
    const lang = normalizeLang(tag);
    if (lang) return lang;
  }
  return "en";
}

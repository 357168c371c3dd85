import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ConfigProvider } from "antd";
import type { Locale } from "antd/es/locale";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import zhTW from "antd/locale/zh_TW";
import { LANG_BCP47, detectInitialLang, storeLang, type Lang } from "./languages";
import { setCurrentLang, translate, translateOptional, type TFunction } from "./translate";

const ANTD_LOCALES: Record<Lang, Locale> = { en: enUS, "zh-hans": zhCN, "zh-hant": zhTW };

// Under browser automation (navigator.webdriver), turn antd animations off so a closing
// dropdown or modal never covers the next element a test clicks.
const THEME = {
  token: {
    colorPrimary: "#0f766e",
    borderRadius: 8,
    motion: !(typeof navigator !== "undefined" && navigator.webdriver),
  },
};

interface I18nContextValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: TFunction;
  /** Translate an optional key such as `trade.<code>`, falling back to the given text. */
  tOpt: (key: string, fallback: string) => string;
}

const I18nContext = createContext<I18nContextValue | null>(null);

export function I18nProvider({ initialLanguage, children }: { initialLanguage: string | null; children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const initial = detectInitialLang(initialLanguage);
    setCurrentLang(initial);
    return initial;
  });

  const setLang = useCallback((next: Lang) => {
    // Update the module-level language first so requests fired right after use it.
    setCurrentLang(next);
    storeLang(next);
    setLangState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = LANG_BCP47[lang];
  }, [lang]);

  const value = useMemo<I18nContextValue>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      tOpt: (key, fallback) => translateOptional(lang, key, fallback),
    }),
    [lang, setLang],
  );

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={ANTD_LOCALES[lang]} theme={THEME}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18nContextValue {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n must be used inside <I18nProvider>");
  return ctx;
}

export function useT(): TFunction {
  return useI18n().t;
}

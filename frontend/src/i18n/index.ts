export { I18nProvider, useI18n, useT } from "./I18nProvider";
export { LANGS, LANG_LABELS, LANG_BCP47, normalizeLang, type Lang } from "./languages";
export { t, getCurrentLang, type MessageKey, type TFunction } from "./translate";

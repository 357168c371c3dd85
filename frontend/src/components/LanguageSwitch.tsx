import { Select } from "antd";
import { GlobalOutlined } from "@ant-design/icons";
import { LANGS, LANG_LABELS, useI18n, type Lang } from "../i18n";

const OPTIONS = LANGS.map((lang) => ({
  value: lang,
  label: LANG_LABELS[lang],
  "data-testid": `lang-option-${lang}`,
}));

/** Language switch (data-testid="lang-switch"; options "lang-option-<code>"). */
export function LanguageSwitch({ onChange }: { onChange?: (lang: Lang) => void | Promise<void> }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Select<Lang>
      data-testid="lang-switch"
      aria-label={t("common.language")}
      value={lang}
      options={OPTIONS}
      onChange={(value) => void (onChange ?? setLang)(value)}
      suffixIcon={<GlobalOutlined />}
      popupMatchSelectWidth={false}
      variant="borderless"
      style={{ minWidth: 112 }}
    />
  );
}

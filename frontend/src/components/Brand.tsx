import { useT } from "../i18n";

export function Brand() {
  const t = useT();
  return (
    <span className="hy-brand">
      <span className="hy-brand-mark" aria-hidden>
        H
      </span>
      {t("app.name")}
    </span>
  );
}

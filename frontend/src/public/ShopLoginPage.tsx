import { Typography } from "antd";
import { Link } from "react-router-dom";
import { useT } from "../i18n";
import { ShopLoginForm } from "./ShopLoginForm";

/** /login on the public host: there is no global login, so ask which shop. */
export function ShopLoginPage() {
  const t = useT();
  return (
    <div className="hy-section" style={{ maxWidth: 460 }}>
      <ShopLoginForm />
      <Typography.Paragraph style={{ textAlign: "center", marginTop: 16 }}>
        <Link to="/signup">{t("landing.hero.cta")}</Link>
      </Typography.Paragraph>
    </div>
  );
}

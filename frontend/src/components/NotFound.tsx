import { Button, Result } from "antd";
import { Link } from "react-router-dom";
import { useT } from "../i18n";

export function NotFound() {
  const t = useT();
  return (
    <div data-testid="not-found">
      <Result
        status="404"
        title={t("notFound.title")}
        subTitle={t("notFound.subtitle")}
        extra={
          <Link to="/">
            <Button type="primary">{t("common.backHome")}</Button>
          </Link>
        }
      />
    </div>
  );
}

import { Button, Layout, Space, Typography } from "antd";
import { Link, Outlet } from "react-router-dom";
import { Brand } from "../components/Brand";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useT } from "../i18n";

export function PublicLayout() {
  const t = useT();
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header className="hy-public-header">
        <Link to="/" aria-label={t("app.name")}>
          <Brand />
        </Link>
        <Space size="small">
          <LanguageSwitch />
          <Link to="/login" className="hy-hide-xs">
            <Button type="text">{t("public.nav.login")}</Button>
          </Link>
          <Link to="/signup">
            <Button type="primary">{t("public.nav.signup")}</Button>
          </Link>
        </Space>
      </Layout.Header>
      <Layout.Content>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: "center" }}>
        <Typography.Text type="secondary">{t("public.footer", { year: new Date().getFullYear() })}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}

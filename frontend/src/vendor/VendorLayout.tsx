import { useState } from "react";
import { App, Button, Flex, Layout, Menu, Tag, Typography } from "antd";
import { DashboardOutlined, LogoutOutlined, ShopOutlined } from "@ant-design/icons";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";
import { Brand } from "../components/Brand";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useT } from "../i18n";
import { useVendor, useVendorErrorHandler } from "./VendorConsole";

export function VendorLayout() {
  const t = useT();
  const { message } = App.useApp();
  const { session, logout } = useVendor();
  const handleError = useVendorErrorHandler();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [busy, setBusy] = useState(false);
  const selected = pathname.startsWith("/vendor/tenants") ? "tenants" : "dashboard";

  async function onLogout() {
    setBusy(true);
    try {
      await logout();
      message.success(t("vendor.loggedOut"));
      navigate("/vendor", { replace: true });
    } catch (err) {
      handleError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header className="hy-app-header" style={{ gap: 16 }}>
        <Flex align="center" gap={16} style={{ minWidth: 0, flex: 1 }}>
          <Link to="/vendor" aria-label={t("vendor.title")} style={{ display: "flex", alignItems: "center", lineHeight: 1 }}>
            <Brand />
          </Link>
          <Tag color="purple" className="hy-hide-xs">
            {t("vendor.title")}
          </Tag>
          <Menu
            mode="horizontal"
            selectedKeys={[selected]}
            style={{ flex: 1, minWidth: 0, borderBottom: "none" }}
            items={[
              { key: "dashboard", icon: <DashboardOutlined />, label: <Link to="/vendor">{t("vendor.nav.dashboard")}</Link> },
              {
                key: "tenants",
                icon: <ShopOutlined />,
                label: (
                  <Link to="/vendor/tenants" data-testid="vendor-nav-tenants">
                    {t("vendor.nav.tenants")}
                  </Link>
                ),
              },
            ]}
          />
        </Flex>
        <Flex align="center" gap={8} style={{ flexShrink: 0 }}>
          <LanguageSwitch />
          <Typography.Text className="hy-hide-xs" data-testid="vendor-user">
            {session.user?.name || session.user?.email}
          </Typography.Text>
          <Button icon={<LogoutOutlined />} onClick={() => void onLogout()} loading={busy} data-testid="vendor-logout">
            <span className="hy-hide-xs">{t("vendor.logout")}</span>
          </Button>
        </Flex>
      </Layout.Header>
      <Layout.Content className="hy-content">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}

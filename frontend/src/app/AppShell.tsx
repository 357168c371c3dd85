import { useMemo, useState } from "react";
import { App, Button, Flex, Grid, Layout, Menu, Space, Tag, Typography } from "antd";
import { LogoutOutlined, MenuOutlined, UserOutlined } from "@ant-design/icons";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import type { MenuItem } from "../api/types";
import { useSession } from "../auth/SessionProvider";
import { BillingBanner } from "../billing/BillingBanner";
import { Brand } from "../components/Brand";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { menuIcon } from "./menuIcons";
import { SupportAccessBanner } from "./SupportAccessBanner";
import { roleColor } from "./roles";

const MOBILE_QUERY = "(max-width: 991.98px)"; // below antd's "lg" breakpoint

/** The menu item whose path best matches the current location ("/" only matches exactly). */
function selectedMenuKey(menu: MenuItem[], pathname: string): string | undefined {
  let best: MenuItem | undefined;
  for (const item of menu) {
    const matches =
      item.path === pathname || (item.path !== "/" && pathname.startsWith(item.path.replace(/\/$/, "") + "/"));
    if (matches && (!best || item.path.length > best.path.length)) best = item;
  }
  return best?.key;
}

export function AppShell() {
  const { t, tOpt } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const handleError = useApiErrorHandler();
  const { session, logout, changeLanguage } = useSession();
  const [collapsed, setCollapsed] = useState(() => window.matchMedia?.(MOBILE_QUERY).matches ?? false);
  const [loggingOut, setLoggingOut] = useState(false);
  const isMobile = screens.lg === false;

  const menu = useMemo(() => [...(session?.menu ?? [])].sort((a, b) => a.order - b.order), [session?.menu]);
  const items = useMemo(
    () =>
      menu.map((item) => ({
        key: item.key,
        icon: menuIcon(item.icon),
        label: <span data-testid={`nav-${item.key}`}>{item.label}</span>,
      })),
    [menu],
  );
  const selectedKey = selectedMenuKey(menu, location.pathname);

  if (!session?.user) return null; // RequireAuth guarantees a user; this narrows the type.
  const { user, tenant } = session;

  function onMenuClick({ key }: { key: string }) {
    const item = menu.find((m) => m.key === key);
    if (item) navigate(item.path);
    if (isMobile) setCollapsed(true);
  }

  async function onLogout() {
    setLoggingOut(true);
    try {
      await logout();
      message.success(t("shell.loggedOut"));
      navigate("/login", { replace: true });
    } catch (err) {
      handleError(err);
    } finally {
      setLoggingOut(false);
    }
  }

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider
        theme="light"
        breakpoint="lg"
        collapsedWidth={0}
        collapsible
        trigger={null}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        onBreakpoint={setCollapsed}
        width={220}
        style={
          isMobile
            ? { position: "fixed", top: 0, bottom: 0, left: 0, zIndex: 1001, borderRight: "1px solid #e5e7eb" }
            : { borderRight: "1px solid #e5e7eb" }
        }
      >
        <div style={{ height: 64, display: "flex", alignItems: "center", padding: "0 20px" }}>
          <Brand />
        </div>
        <nav data-testid="nav-menu">
          <Menu
            mode="inline"
            items={items}
            selectedKeys={selectedKey ? [selectedKey] : []}
            onClick={onMenuClick}
            style={{ borderInlineEnd: "none" }}
          />
        </nav>
      </Layout.Sider>
      {isMobile && !collapsed ? (
        <div
          aria-hidden
          onClick={() => setCollapsed(true)}
          style={{ position: "fixed", inset: 0, background: "rgba(0,0,0,0.35)", zIndex: 1000 }}
        />
      ) : null}
      <Layout>
        <Layout.Header className="hy-app-header">
          <Flex align="center" gap={4} style={{ minWidth: 0 }}>
            {isMobile ? (
              // In the header, not antd's floating trigger: that one sat over every page's title.
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t("shell.menu")}
                data-testid="nav-toggle"
                onClick={() => setCollapsed((c) => !c)}
              />
            ) : null}
            <Typography.Text className="hy-shop-name" data-testid="app-shop-name">
              {tenant.name}
            </Typography.Text>
          </Flex>
          <Flex align="center" gap={8} style={{ flexShrink: 0 }}>
            <LanguageSwitch onChange={changeLanguage} />
            <Space size={4}>
              <UserOutlined className="hy-hide-xs" />
              <span data-testid="app-user-name" className="hy-user-name">
                {user.name || user.email}
              </span>
              <Tag color={roleColor(user.role)} data-testid="app-user-role" className="hy-hide-xs" style={{ marginInlineEnd: 0 }}>
                {tOpt(`role.${user.role}`, user.role)}
              </Tag>
            </Space>
            <Button data-testid="logout" icon={<LogoutOutlined />} onClick={() => void onLogout()} loading={loggingOut}>
              <span className="hy-hide-xs">{t("shell.logout")}</span>
            </Button>
          </Flex>
        </Layout.Header>
        <Layout.Content className="hy-content">
          <BillingBanner session={session} />
          <SupportAccessBanner session={session} />
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

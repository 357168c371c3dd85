import { Button, Card, Col, Row, Space, Tag, Typography } from "antd";
import {
  BarChartOutlined,
  ClockCircleOutlined,
  CreditCardOutlined,
  GiftOutlined,
  IdcardOutlined,
  SettingOutlined,
  ShoppingCartOutlined,
  UserAddOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { useSession } from "../auth/SessionProvider";
import { useI18n, type MessageKey } from "../i18n";

const UPCOMING: { key: MessageKey; icon: ReactNode }[] = [
  { key: "module.members", icon: <IdcardOutlined /> },
  { key: "module.storedValue", icon: <CreditCardOutlined /> },
  { key: "module.points", icon: <GiftOutlined /> },
  { key: "module.cashier", icon: <ShoppingCartOutlined /> },
  { key: "module.reports", icon: <BarChartOutlined /> },
];

/** Placeholder dashboard: greets the user and lists the modules that are on the way. */
export function DashboardPage() {
  const { t, tOpt } = useI18n();
  const { session } = useSession();
  if (!session?.user) return null;
  const { user, tenant } = session;
  const canManageStaff = user.role === "owner" || user.role === "manager";

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <div>
        <Typography.Title level={2} style={{ marginTop: 0 }} data-testid="dashboard-greeting">
          {t("dashboard.greeting", { name: user.name || user.email })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t("dashboard.subtitle", { shop: tenant.name, role: tOpt(`role.${user.role}`, user.role) })}
        </Typography.Text>
      </div>

      <Card title={t("dashboard.comingTitle")}>
        <Typography.Paragraph>{t("dashboard.comingBody")}</Typography.Paragraph>
        <Row gutter={[12, 12]}>
          {UPCOMING.map((m) => (
            <Col key={m.key} xs={12} sm={8} lg={4}>
              <Card size="small" style={{ textAlign: "center", height: "100%" }}>
                <div style={{ fontSize: 24, color: "#0f766e" }}>{m.icon}</div>
                <div style={{ fontWeight: 500, margin: "4px 0" }}>{t(m.key)}</div>
                <Tag icon={<ClockCircleOutlined />}>{t("dashboard.comingTitle")}</Tag>
              </Card>
            </Col>
          ))}
        </Row>
      </Card>

      <Card title={t("dashboard.nextTitle")}>
        <Space wrap>
          {canManageStaff ? (
            <Link to="/app/staff">
              <Button type="primary" icon={<UserAddOutlined />}>
                {t("dashboard.inviteStaff")}
              </Button>
            </Link>
          ) : null}
          <Link to="/app/settings">
            <Button icon={<SettingOutlined />}>{t("dashboard.viewSettings")}</Button>
          </Link>
        </Space>
      </Card>
    </Space>
  );
}

import { useEffect, useRef, useState, type ReactNode } from "react";
import { Alert, Button, Card, Col, Empty, Flex, List, Row, Space, Statistic, Tag, Typography } from "antd";
import {
  FileTextOutlined,
  IdcardOutlined,
  ReloadOutlined,
  SettingOutlined,
  ShoppingCartOutlined,
  UserAddOutlined,
} from "@ant-design/icons";
import { Link } from "react-router-dom";
import { useSession } from "../auth/SessionProvider";
import { statusColor } from "../cashier/orderFormat";
import { formatTime } from "../components/format";
import { useMoney } from "../components/money";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { getDashboard, type Dashboard } from "../dashboard/api";
import { HourChart } from "../dashboard/HourChart";
import { PaymentMix } from "../dashboard/PaymentMix";
import { formatDay } from "../expenses/dates";
import { LANG_BCP47, useI18n } from "../i18n";
import { sessionStoreIds } from "./storeAccess";

const isZero = (amount: string) => !/[1-9]/.test(amount);

interface Kpi {
  key: string;
  title: string;
  value: string;
  testId: string;
  muted?: boolean;
  footer?: ReactNode;
}

/** The first screen after log-in: greeting, then the shop's day at a glance (GET /api/v1/dashboard/). */
export function DashboardPage() {
  const { t, tOpt, lang } = useI18n();
  const { session } = useSession();
  const { money, quantity } = useMoney();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [data, setData] = useState<Dashboard | null>(null);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const failedBefore = useRef(false);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    getDashboard(undefined, controller.signal)
      .then((result) => {
        setData(result);
        if (failedBefore.current) dismissError(); // a retry worked: the old error no longer applies
        failedBefore.current = false;
        setFailed(false);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        handleError(err);
        failedBefore.current = true;
        setFailed(true);
        setLoading(false);
      });
    return () => controller.abort();
  }, [reloadKey, handleError, dismissError]);

  if (!session?.user) return null;
  const { user, tenant } = session;
  const canManageStaff = user.role === "owner" || user.role === "manager";
  // Buttons and links only to the screens this person's menu offers (the server filters it by role).
  const paths = new Set((session.menu ?? []).map((m) => m.path));
  const limitedToStores = sessionStoreIds(session) !== null;
  const reload = () => setReloadKey((n) => n + 1);

  const kpis: Kpi[] = data
    ? [
        {
          key: "sales",
          title: t("dashboard.salesTotal"),
          value: money(data.sales.total),
          testId: "dashboard-sales-total",
          footer: isZero(data.sales.refunds) ? null : t("dashboard.net", { amount: money(data.sales.net) }),
        },
        { key: "orders", title: t("dashboard.orders"), value: quantity(data.sales.orders), testId: "dashboard-orders" },
        { key: "average", title: t("dashboard.average"), value: money(data.sales.average), testId: "dashboard-average" },
        {
          key: "refunds",
          title: t("dashboard.refunds"),
          value: money(data.sales.refunds),
          testId: "dashboard-refunds",
          muted: isZero(data.sales.refunds),
        },
        {
          key: "members",
          title: t("dashboard.members"),
          value: quantity(data.members.total),
          testId: "dashboard-members",
          footer: (
            <Typography.Text type={data.members.new_today > 0 ? "success" : "secondary"} data-testid="dashboard-members-new">
              {t("dashboard.newToday", { count: quantity(data.members.new_today) })}
            </Typography.Text>
          ),
        },
        {
          key: "storedValue",
          title: t("dashboard.storedValue"),
          value: money(data.stored_value_topped_up),
          testId: "dashboard-stored-value",
          muted: isZero(data.stored_value_topped_up),
        },
        ...(data.expenses_month === null
          ? []
          : [
              {
                key: "expenses",
                title: t("dashboard.expensesMonth"),
                value: money(data.expenses_month),
                testId: "dashboard-expenses-month",
              },
            ]),
      ]
    : [];

  const noSales = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("dashboard.noSales")} />;

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }} data-testid="dashboard">
      <Flex justify="space-between" align="flex-start" gap={12} wrap="wrap">
        <div>
          <Typography.Title level={2} style={{ marginTop: 0 }} data-testid="dashboard-greeting">
            {t("dashboard.greeting", { name: user.name || user.email })}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t("dashboard.subtitle", { shop: tenant.name, role: tOpt(`role.${user.role}`, user.role) })}
          </Typography.Text>
        </div>
        <Space wrap>
          {data ? (
            <Typography.Text strong data-testid="dashboard-date">
              {t("dashboard.today", { date: formatDay(data.date, LANG_BCP47[lang]) })}
            </Typography.Text>
          ) : null}
          <Button icon={<ReloadOutlined />} loading={loading && !!data} onClick={reload} data-testid="dashboard-refresh">
            {t("dashboard.refresh")}
          </Button>
        </Space>
      </Flex>

      {failed && !data ? (
        <Alert
          type="error"
          showIcon
          data-testid="dashboard-error"
          message={t("dashboard.loadFailed")}
          action={
            <Button size="small" onClick={reload} loading={loading}>
              {t("common.retry")}
            </Button>
          }
        />
      ) : null}

      {data && data.low_stock > 0 ? (
        <div data-testid="dashboard-low-stock">
          <Alert
            type="warning"
            showIcon
            message={t("dashboard.lowStockTitle")}
            description={t("dashboard.lowStockBody", { count: quantity(data.low_stock) })}
            action={
              paths.has("/app/inventory") ? (
                <Link to="/app/inventory" data-testid="dashboard-low-stock-open">
                  <Button size="small">{t("dashboard.lowStockOpen")}</Button>
                </Link>
              ) : undefined
            }
          />
        </div>
      ) : null}

      {failed && !data ? null : (
        <Row gutter={[16, 16]} data-testid="dashboard-kpis">
          {(data ? kpis : Array.from({ length: 4 }, (_, i) => ({ key: `skeleton-${i}` }) as Kpi)).map((kpi) => (
            <Col key={kpi.key} xs={12} md={8} lg={6}>
              <Card size="small" style={{ height: "100%" }}>
                <Statistic
                  loading={!data}
                  title={kpi.title}
                  valueStyle={{ fontSize: 22, color: kpi.muted ? "rgba(0, 0, 0, 0.45)" : undefined }}
                  valueRender={() => <span data-testid={kpi.testId}>{kpi.value}</span>}
                />
                {kpi.footer ? <div style={{ marginTop: 4, fontSize: 12 }}>{kpi.footer}</div> : null}
              </Card>
            </Col>
          ))}
        </Row>
      )}

      {failed && !data ? null : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={16}>
            <Card title={t("dashboard.byHour")} loading={!data} style={{ height: "100%" }}>
              {data?.by_hour.length ? <HourChart data={data.by_hour} /> : noSales}
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card title={t("dashboard.payments")} loading={!data} style={{ height: "100%" }}>
              {data?.payments.length ? <PaymentMix data={data.payments} /> : noSales}
            </Card>
          </Col>
        </Row>
      )}

      <Row gutter={[16, 16]}>
        {failed && !data ? null : (
          <Col xs={24} lg={16}>
            <Card
              title={t("dashboard.recentOrders")}
              loading={!data}
              style={{ height: "100%" }}
              extra={paths.has("/app/orders") ? <Link to="/app/orders">{t("dashboard.allOrders")}</Link> : null}
            >
              {data?.recent_orders.length ? (
                <List
                  data-testid="dashboard-recent-orders"
                  dataSource={data.recent_orders}
                  renderItem={(o) => {
                    const row = (
                      <Flex justify="space-between" align="center" gap={8} wrap="wrap" style={{ width: "100%" }}>
                        <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                          <Typography.Text strong>{o.number}</Typography.Text>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {formatTime(o.created_at, lang, tenant.time_zone)} · {o.customer_name ?? t("orders.walkIn")}
                          </Typography.Text>
                        </Space>
                        <Space size={8}>
                          <Typography.Text strong>{money(o.total)}</Typography.Text>
                          <Tag color={statusColor(o.status)} style={{ marginInlineEnd: 0 }}>
                            {tOpt(`orders.status.${o.status}`, o.status)}
                          </Tag>
                        </Space>
                      </Flex>
                    );
                    return (
                      <List.Item key={o.id} style={{ paddingInline: 0 }}>
                        {paths.has("/app/orders") ? (
                          <Link
                            to={`/app/orders?order=${o.id}`}
                            data-testid={`dashboard-recent-order-${o.id}`}
                            style={{ width: "100%", color: "inherit" }}
                          >
                            {row}
                          </Link>
                        ) : (
                          <div data-testid={`dashboard-recent-order-${o.id}`} style={{ width: "100%" }}>
                            {row}
                          </div>
                        )}
                      </List.Item>
                    );
                  }}
                />
              ) : (
                noSales
              )}
            </Card>
          </Col>
        )}
        <Col xs={24} lg={failed && !data ? 24 : 8}>
          <Card title={t("dashboard.quickActions")} style={{ height: "100%" }}>
            <Flex vertical gap={8} data-testid="dashboard-actions">
              {paths.has("/app/cashier") ? (
                <Link to="/app/cashier">
                  <Button type="primary" block icon={<ShoppingCartOutlined />}>
                    {t("dashboard.openCashier")}
                  </Button>
                </Link>
              ) : null}
              {paths.has("/app/members") ? (
                <Link to="/app/members">
                  <Button block icon={<IdcardOutlined />}>
                    {t("dashboard.members")}
                  </Button>
                </Link>
              ) : null}
              {paths.has("/app/orders") ? (
                <Link to="/app/orders">
                  <Button block icon={<FileTextOutlined />}>
                    {t("orders.title")}
                  </Button>
                </Link>
              ) : null}
              {canManageStaff ? (
                <Link to="/app/staff">
                  <Button block icon={<UserAddOutlined />}>
                    {t("dashboard.inviteStaff")}
                  </Button>
                </Link>
              ) : null}
              <Link to="/app/settings">
                <Button block icon={<SettingOutlined />}>
                  {t("dashboard.viewSettings")}
                </Button>
              </Link>
            </Flex>
          </Card>
        </Col>
      </Row>

      {limitedToStores ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="dashboard-stores-note">
          {t("dashboard.storesNote")}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

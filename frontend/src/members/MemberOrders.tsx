import { useEffect, useMemo, useState } from "react";
import { Card, Col, Row, Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { InfoCircleOutlined } from "@ant-design/icons";
import { Link } from "react-router-dom";
import type { Page } from "../api/types";
import { sessionStoreIds } from "../app/storeAccess";
import { useSession } from "../auth/SessionProvider";
import { ZERO, dec, fmt } from "../cashier/decimal";
import { statusColor, storeName } from "../cashier/orderFormat";
import type { OrderSummary } from "../cashier/types";
import { formatDateTime } from "../components/format";
import { useMoney } from "../components/money";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { listOrders } from "../orders/api";
import { OrderDrawer } from "../orders/OrderDrawer";
import { useOrderDrawerSupport } from "../orders/useOrderDrawerSupport";
import type { CustomerDetail } from "./types";

const PAGE_SIZE = 10;
/** The total spent adds up at most this many pages of 200 orders (the latest 2,000 orders). */
const SPEND_PAGES = 10;

interface Spent {
  amount: string;
  /** Orders added up when not all of them were (a member with more than SPEND_PAGES × 200). */
  partialCount: number | null;
}

/** What the member's orders came to, less refunds, added up in exact decimals. */
async function totalSpent(customer: number, signal: AbortSignal): Promise<Spent> {
  let sum = ZERO;
  let counted = 0;
  for (let page = 1; page <= SPEND_PAGES; page += 1) {
    const result = await listOrders({ customer, page, page_size: 200 }, signal);
    for (const o of result.results) sum += dec(o.total) - dec(o.refunded_total);
    counted += result.results.length;
    if (!result.next) return { amount: fmt(sum), partialCount: null };
  }
  return { amount: fmt(sum), partialCount: counted };
}

interface Props {
  customer: CustomerDetail;
  reloadKey: number;
  /** After a refund or void in the drawer (balances, points and the ledger change too); bumps reloadKey. */
  onChanged: () => void;
}

/** The member's visits (count, last, total spent) and orders, newest first; a click opens the order. */
export function MemberOrders({ customer, reloadKey, onChanged }: Props) {
  const { t, tOpt, lang } = useI18n();
  const { session } = useSession();
  const { money } = useMoney();
  const handleError = useApiErrorHandler();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<OrderSummary> | null>(null);
  const [loading, setLoading] = useState(true);
  const [spent, setSpent] = useState<Spent | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const { canRefund, modeLabel } = useOrderDrawerSupport(openId !== null);
  const timeZone = session?.tenant?.time_zone;
  const limitedToStores = sessionStoreIds(session) !== null;

  useEffect(() => setPage(1), [customer.id]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listOrders({ customer: customer.id, page, page_size: PAGE_SIZE }, controller.signal)
      .then((result) => {
        setData(result);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        handleError(err);
        setLoading(false);
      });
    return () => controller.abort();
  }, [customer.id, page, reloadKey, handleError]);

  useEffect(() => {
    const controller = new AbortController();
    setSpent(null);
    totalSpent(customer.id, controller.signal)
      .then(setSpent)
      .catch(() => undefined); // the list above reports the error
    return () => controller.abort();
  }, [customer.id, reloadKey]);

  const columns = useMemo<TableColumnsType<OrderSummary>>(
    () => [
      {
        title: t("orders.col.number"),
        dataIndex: "number",
        render: (v: string, o) => (
          <Space size={4}>
            <Typography.Link data-testid={`member-order-${o.id}`}>{v}</Typography.Link>
            {o.offline_created_at ? <Tag color="purple">{t("orders.offlineTag")}</Tag> : null}
          </Space>
        ),
      },
      {
        title: t("orders.col.date"),
        dataIndex: "created_at",
        render: (v: string, o) => formatDateTime(o.offline_created_at || v, lang, timeZone),
      },
      { title: t("orders.col.store"), key: "store", responsive: ["sm"], render: (_, o) => storeName(o) },
      { title: t("orders.col.total"), dataIndex: "total", align: "right", render: (v: string) => money(v) },
      {
        title: t("orders.col.status"),
        dataIndex: "status",
        render: (v: string) => <Tag color={statusColor(v)}>{tOpt(`orders.status.${v}`, v)}</Tag>,
      },
    ],
    [t, tOpt, lang, timeZone, money],
  );

  const help = (text: string) => (
    <Tooltip title={text}>
      <InfoCircleOutlined style={{ marginInlineStart: 4, color: "rgba(0,0,0,0.45)" }} />
    </Tooltip>
  );
  const ordersLink = `/app/orders?${new URLSearchParams({ customer: String(customer.id), customer_name: customer.name })}`;

  return (
    <Card
      title={t("memberOrders.title")}
      data-testid="member-orders"
      extra={<Link to={ordersLink}>{t("memberOrders.openAll")}</Link>}
    >
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={8}>
          <Statistic
            title={
              <>
                {t("memberOrders.visits")}
                {help(t("memberOrders.visitsHelp"))}
              </>
            }
            loading={data === null}
            value={data?.count ?? 0}
            valueRender={(node) => <span data-testid="member-visits">{node}</span>}
          />
        </Col>
        <Col xs={12} md={8}>
          <Statistic
            title={t("memberOrders.lastVisit")}
            value={formatDateTime(customer.last_visit_at, lang, timeZone) ?? t("common.never")}
            valueStyle={{ fontSize: 18 }}
            valueRender={(node) => <span data-testid="member-last-visit">{node}</span>}
          />
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title={
              <>
                {t("memberOrders.totalSpent")}
                {help(
                  spent?.partialCount
                    ? `${t("memberOrders.totalSpentHelp")} ${t("memberOrders.totalSpentPartial", { count: spent.partialCount })}`
                    : t("memberOrders.totalSpentHelp"),
                )}
              </>
            }
            loading={spent === null}
            value={spent ? `${spent.partialCount ? "≥ " : ""}${money(spent.amount)}` : ""}
            valueRender={(node) => <span data-testid="member-total-spent">{node}</span>}
          />
        </Col>
      </Row>
      {limitedToStores ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t("memberOrders.storesNote")}
        </Typography.Paragraph>
      ) : null}
      <Table<OrderSummary>
        rowKey="id"
        size="small"
        data-testid="member-orders-table"
        loading={loading}
        dataSource={data?.results ?? []}
        columns={columns}
        scroll={{ x: true }}
        locale={{ emptyText: t("memberOrders.empty") }}
        onRow={(o) => ({ onClick: () => setOpenId(o.id), style: { cursor: "pointer" } })}
        pagination={{
          current: page,
          total: data?.count ?? 0,
          pageSize: PAGE_SIZE,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
      />
      <OrderDrawer
        orderId={openId}
        canRefund={canRefund}
        modeLabel={modeLabel}
        onClose={() => setOpenId(null)}
        onChanged={onChanged}
      />
    </Card>
  );
}

import { useEffect, useMemo, useState } from "react";
import { Button, Card, Flex, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { ReloadOutlined, SearchOutlined } from "@ant-design/icons";
import { useSearchParams } from "react-router-dom";
import { allowedStores } from "../app/storeAccess";
import { useSession } from "../auth/SessionProvider";
import { ORDER_STATUSES, cashierName, customerName, statusColor, storeName } from "../cashier/orderFormat";
import type { OrderSummary } from "../cashier/types";
import { listStores } from "../catalog/api";
import type { Store } from "../catalog/types";
import { formatDateTime } from "../components/format";
import { useMoney } from "../components/money";
import { useAbortableLoad } from "../components/useAbortableLoad";
import { useDebounced } from "../components/useDebounced";
import { useI18n } from "../i18n";
import { lookupCustomers } from "../members/api";
import type { CustomerSummary } from "../members/types";
import { listOrders } from "./api";
import { OrderDrawer } from "./OrderDrawer";
import { useOrderDrawerSupport } from "./useOrderDrawerSupport";

const PAGE_SIZE = 20;

/** The back office list of orders: filters, then a drawer with the detail, refunds and reprint. */
export function OrdersPage() {
  const { t, tOpt, lang } = useI18n();
  const { session } = useSession();
  const { money } = useMoney();
  const [params, setParams] = useSearchParams();
  const [stores, setStores] = useState<Store[]>([]);
  const [reloadKey, setReloadKey] = useState(0);
  const [search, setSearch] = useState(params.get("q") ?? "");
  const q = useDebounced(search.trim(), 300);
  const [memberQuery, setMemberQuery] = useState("");
  const memberQ = useDebounced(memberQuery.trim(), 250);
  const [memberOptions, setMemberOptions] = useState<CustomerSummary[]>([]);
  const { canRefund, modeLabel } = useOrderDrawerSupport();
  const timeZone = session?.tenant?.time_zone;
  // The server lists only the orders of the stores this user works in: offer only those.
  const storeChoices = allowedStores(stores, session, Number(params.get("store")) || null);

  const store = params.get("store") ?? "";
  const status = params.get("status") ?? "";
  const dateFrom = params.get("date_from") ?? "";
  const dateTo = params.get("date_to") ?? "";
  const customer = params.get("customer") ?? "";
  const customerLabel = params.get("customer_name") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const openId = Number(params.get("order")) || null;

  function update(changes: Record<string, string | null>, resetPage = true) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        if (resetPage && !("page" in changes)) next.delete("page");
        return next;
      },
      { replace: true },
    );
  }

  useEffect(() => {
    listStores()
      .then(setStores)
      .catch(() => setStores([]));
  }, []);

  useEffect(() => {
    if ((params.get("q") ?? "") !== q) update({ q });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  useEffect(() => {
    if (!memberQ) {
      setMemberOptions([]);
      return;
    }
    const controller = new AbortController();
    lookupCustomers(memberQ, controller.signal)
      .then((r) => setMemberOptions(r.results))
      .catch(() => undefined);
    return () => controller.abort();
  }, [memberQ]);

  const { data, loading } = useAbortableLoad(
    (signal) =>
      listOrders(
        {
          store: Number(store) || undefined,
          status: status || undefined,
          date_from: dateFrom || undefined,
          date_to: dateTo || undefined,
          customer: Number(customer) || undefined,
          q: params.get("q") || undefined,
          page,
          page_size: PAGE_SIZE,
        },
        signal,
      ),
    [store, status, dateFrom, dateTo, customer, params.get("q"), page, reloadKey],
  );

  const columns = useMemo<TableColumnsType<OrderSummary>>(
    () => [
      {
        title: t("orders.col.number"),
        dataIndex: "number",
        render: (v: string, o) => (
          <Space size={4}>
            <Typography.Link data-testid={`order-row-${o.id}`}>{v}</Typography.Link>
            {o.offline_created_at ? <Tag color="purple">{t("orders.offlineTag")}</Tag> : null}
          </Space>
        ),
      },
      {
        title: t("orders.col.date"),
        dataIndex: "created_at",
        render: (v: string, o) => formatDateTime(o.offline_created_at || v, lang, timeZone),
      },
      { title: t("orders.col.store"), key: "store", responsive: ["md"], render: (_, o) => storeName(o) },
      { title: t("orders.col.member"), key: "customer", render: (_, o) => customerName(o) ?? <Typography.Text type="secondary">{t("orders.walkIn")}</Typography.Text> },
      { title: t("orders.col.cashier"), key: "cashier", responsive: ["lg"], render: (_, o) => cashierName(o) ?? "—" },
      { title: t("orders.col.total"), dataIndex: "total", align: "right", render: (v: string) => money(v) },
      {
        title: t("orders.col.status"),
        dataIndex: "status",
        render: (v: string) => <Tag color={statusColor(v)}>{tOpt(`orders.status.${v}`, v)}</Tag>,
      },
    ],
    [t, tOpt, lang, timeZone, money],
  );

  return (
    <Card
      title={t("orders.title")}
      extra={<Button icon={<ReloadOutlined />} onClick={() => setReloadKey((n) => n + 1)} aria-label={t("common.retry")} />}
    >
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
        <Input
          allowClear
          data-testid="orders-search"
          prefix={<SearchOutlined />}
          placeholder={t("orders.searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ flex: "1 1 220px", maxWidth: 320 }}
        />
        {storeChoices.length > 1 ? (
          <Select
            allowClear
            data-testid="orders-store"
            placeholder={t("orders.col.store")}
            value={store || undefined}
            onChange={(v?: string) => update({ store: v ?? null })}
            options={storeChoices.map((s) => ({ value: String(s.id), label: s.name }))}
            style={{ minWidth: 140 }}
          />
        ) : null}
        <Select
          allowClear
          data-testid="orders-status"
          placeholder={t("orders.col.status")}
          value={status || undefined}
          onChange={(v?: string) => update({ status: v ?? null })}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: tOpt(`orders.status.${s}`, s) }))}
          style={{ minWidth: 150 }}
        />
        <Select
          allowClear
          showSearch
          data-testid="orders-member"
          placeholder={t("orders.col.member")}
          filterOption={false}
          onSearch={setMemberQuery}
          value={customer || undefined}
          onChange={(v?: string) => {
            const picked = memberOptions.find((m) => String(m.id) === v);
            update({ customer: v ?? null, customer_name: picked?.name ?? null });
          }}
          options={
            customer && !memberOptions.some((m) => String(m.id) === customer)
              ? [{ value: customer, label: customerLabel || `#${customer}` }]
              : memberOptions.map((m) => ({ value: String(m.id), label: [m.name, m.member_no, m.phone_display || m.phone].filter(Boolean).join(" · ") }))
          }
          notFoundContent={null}
          style={{ minWidth: 200 }}
        />
        <Space.Compact>
          <Input
            type="date"
            data-testid="orders-date-from"
            aria-label={t("orders.dateFrom")}
            value={dateFrom}
            onChange={(e) => update({ date_from: e.target.value || null })}
            style={{ width: 150 }}
          />
          <Input
            type="date"
            data-testid="orders-date-to"
            aria-label={t("orders.dateTo")}
            value={dateTo}
            onChange={(e) => update({ date_to: e.target.value || null })}
            style={{ width: 150 }}
          />
        </Space.Compact>
      </Flex>
      <Table<OrderSummary>
        rowKey="id"
        data-testid="orders-table"
        loading={loading}
        dataSource={data?.results ?? []}
        columns={columns}
        scroll={{ x: true }}
        onRow={(o) => ({ onClick: () => update({ order: String(o.id) }, false), style: { cursor: "pointer" } })}
        pagination={{
          current: page,
          total: data?.count ?? 0,
          pageSize: PAGE_SIZE,
          showSizeChanger: false,
          onChange: (p) => update({ page: p > 1 ? String(p) : null }, false),
        }}
      />
      <OrderDrawer
        orderId={openId}
        canRefund={canRefund}
        modeLabel={modeLabel}
        onClose={() => update({ order: null }, false)}
        onChanged={() => setReloadKey((n) => n + 1)}
      />
    </Card>
  );
}

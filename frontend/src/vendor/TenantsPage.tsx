import { useEffect, useMemo, useState } from "react";
import { Card, Flex, Input, Select, Table, Typography, type TableColumnsType } from "antd";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import type { Page } from "../api/types";
import { formatDateTime } from "../components/format";
import { useDebounced } from "../components/useDebounced";
import { useI18n } from "../i18n";
import { getOptions, listTenants } from "./api";
import { StatusTags, formatMoney } from "./labels";
import type { TenantRow, VendorOptions } from "./types";
import { useVendorErrorHandler } from "./VendorConsole";

const PAGE_SIZE = 25;
const FILTERS = ["status", "billing", "trade", "plan"] as const;

export function TenantsPage() {
  const { t, tOpt, lang } = useI18n();
  const handleError = useVendorErrorHandler();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [options, setOptions] = useState<VendorOptions | null>(null);
  const [data, setData] = useState<Page<TenantRow> | null>(null);
  const [loading, setLoading] = useState(true);
  const [search, setSearch] = useState(params.get("q") ?? "");
  const q = useDebounced(search, 300);
  const page = Number(params.get("page") ?? "1") || 1;
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ""])) as Record<(typeof FILTERS)[number], string>;
  const filterKey = FILTERS.map((f) => filters[f]).join("|");

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next, { replace: true });
  }

  useEffect(() => {
    getOptions()
      .then(setOptions)
      .catch((err: unknown) => handleError(err));
  }, [handleError]);

  useEffect(() => {
    if ((params.get("q") ?? "") !== q) update({ q });
  }, [q]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listTenants({ ...filters, q: params.get("q") ?? "", page, page_size: PAGE_SIZE }, controller.signal)
      .then(setData)
      .catch((err: unknown) => {
        if (!(err instanceof DOMException)) handleError(err);
      })
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, [filterKey, page, params.get("q"), handleError]);

  const columns = useMemo<TableColumnsType<TenantRow>>(
    () => [
      {
        title: t("vendor.tenants.col.tenant"),
        key: "tenant",
        render: (_: unknown, row) => (
          <Flex vertical>
            <Link to={`/vendor/tenants/${row.id}`} data-testid={`vendor-tenant-${row.subdomain}`}>
              {row.name || row.subdomain}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.subdomain} · {row.owner_email}
            </Typography.Text>
          </Flex>
        ),
      },
      { title: t("vendor.tenants.col.status"), key: "status", render: (_: unknown, row) => <StatusTags tenant={row} /> },
      { title: t("vendor.tenants.col.trade"), dataIndex: "trade", render: (v: string) => (v ? tOpt(`trade.${v}`, v) : "–") },
      { title: t("vendor.tenants.col.plan"), key: "plan", render: (_: unknown, row) => row.plan?.name ?? "–" },
      { title: t("vendor.tenants.col.seats"), dataIndex: "seats", align: "right" },
      { title: t("vendor.tenants.col.mrr"), key: "mrr", align: "right", render: (_: unknown, row) => formatMoney(row.mrr, lang) },
      {
        title: t("vendor.tenants.col.activity"),
        dataIndex: "last_activity_at",
        render: (v: string | null) => formatDateTime(v, lang) ?? t("common.never"),
      },
    ],
    [t, tOpt, lang],
  );

  const select = (name: (typeof FILTERS)[number], placeholder: string, choices: { value: string; label: string }[]) => (
    <Select
      allowClear
      placeholder={placeholder}
      value={filters[name] || undefined}
      onChange={(v?: string) => update({ [name]: v })}
      options={choices}
      style={{ minWidth: 160 }}
      data-testid={`vendor-filter-${name}`}
    />
  );

  return (
    <Card>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t("vendor.tenants.search")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ maxWidth: 320 }}
          data-testid="vendor-search"
        />
        {select(
          "status",
          t("vendor.tenants.allStatuses"),
          (options?.statuses ?? []).map((s) => ({ value: s, label: tOpt(`vendor.state.${s}`, s) })),
        )}
        {select(
          "billing",
          t("vendor.tenants.allBilling"),
          (options?.billing_statuses ?? []).map((s) => ({ value: s, label: tOpt(`vendor.billing.${s}`, s) })),
        )}
        {select(
          "trade",
          t("vendor.tenants.allTrades"),
          (options?.trades ?? []).map((o) => ({ value: o.value, label: tOpt(`trade.${o.value}`, o.label) })),
        )}
        {select("plan", t("vendor.tenants.allPlans"), [
          ...(options?.plans ?? []).map((p) => ({ value: p.value, label: `${p.label} (${p.currency})` })),
          { value: "none", label: t("vendor.tenants.noPlan") },
        ])}
      </Flex>
      <Table<TenantRow>
        rowKey="id"
        data-testid="vendor-tenants-table"
        loading={loading}
        columns={columns}
        dataSource={data?.results ?? []}
        scroll={{ x: 900 }}
        onRow={(row) => ({ onDoubleClick: () => navigate(`/vendor/tenants/${row.id}`) })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.count ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t("vendor.tenants.total", { count: total }),
          onChange: (p) => update({ page: String(p) }),
        }}
      />
    </Card>
  );
}

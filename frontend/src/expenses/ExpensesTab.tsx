import { useCallback, useEffect, useMemo, useState } from "react";
import { Button, Card, Col, Empty, Flex, Input, Progress, Row, Segmented, Select, Space, Statistic, Tag, Typography, type TableColumnsType } from "antd";
import { EditOutlined, EyeOutlined, PaperClipOutlined, PlusOutlined, SearchOutlined, StopOutlined } from "@ant-design/icons";
import type { Page } from "../api/types";
import { allowedStores } from "../app/storeAccess";
import { useSession } from "../auth/SessionProvider";
import { listStores } from "../catalog/api";
import type { Store } from "../catalog/types";
import { useMoney } from "../components/money";
import { PagedTable } from "../components/PagedTable";
import { filterByValueOrLabel } from "../components/selectSearch";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useDebounced } from "../components/useDebounced";
import { LANG_BCP47, useI18n } from "../i18n";
import { expenseTotals, listExpenseCategories, listExpenses } from "./api";
import { formatDay, monthRange } from "./dates";
import { ExpenseModal } from "./ExpenseModal";
import type { Expense, ExpenseCategory, ExpenseStatus, ExpenseTotals } from "./types";
import { VoidExpenseModal } from "./VoidExpenseModal";

const PAGE_SIZE = 20;
const STATUSES: readonly ExpenseStatus[] = ["active", "voided", "all"];

/** Share of the total, for the breakdown bars (display only). */
function percent(part: string, total: string): number {
  const whole = Number(total);
  return whole > 0 ? Math.round((Number(part) / whole) * 1000) / 10 : 0;
}

export function ExpensesTab() {
  const { t, lang } = useI18n();
  const { money } = useMoney();
  const { session } = useSession();
  const handleError = useApiErrorHandler();
  const [stores, setStores] = useState<Store[]>([]);
  const [categories, setCategories] = useState<ExpenseCategory[]>([]);
  const [store, setStore] = useState<number | undefined>();
  const [category, setCategory] = useState<number | undefined>();
  const [[dateFrom, dateTo], setRange] = useState<[string, string]>(() => monthRange(0));
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const [status, setStatus] = useState<ExpenseStatus>("active");
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<Expense> | null>(null);
  const [totals, setTotals] = useState<ExpenseTotals | null>(null);
  const [loading, setLoading] = useState(true);
  const [reloadKey, setReloadKey] = useState(0);
  const [modalOpen, setModalOpen] = useState(false);
  const [editing, setEditing] = useState<Expense | null>(null);
  const [voiding, setVoiding] = useState<Expense | null>(null);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);

  useEffect(() => {
    listStores()
      .then(setStores)
      .catch((err: unknown) => handleError(err));
    listExpenseCategories()
      .then(setCategories)
      .catch((err: unknown) => handleError(err));
  }, [handleError]);

  const filters = useMemo(
    () => ({ store, category, date_from: dateFrom || undefined, date_to: dateTo || undefined, q: q || undefined, status }),
    [store, category, dateFrom, dateTo, q, status],
  );

  // New filters start again at page 1.
  useEffect(() => setPage(1), [filters]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    Promise.all([
      listExpenses({ ...filters, page, page_size: PAGE_SIZE }, controller.signal),
      expenseTotals(filters, controller.signal),
    ])
      .then(([list, sums]) => {
        setData(list);
        setTotals(sums);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        handleError(err);
        setLoading(false);
      });
    return () => controller.abort();
  }, [filters, page, reloadKey, handleError]);

  const open = useCallback((expense: Expense | null) => {
    setEditing(expense);
    setModalOpen(true);
  }, []);

  const bcp47 = LANG_BCP47[lang];
  const columns = useMemo<TableColumnsType<Expense>>(
    () => [
      { title: t("expenses.spentOn"), dataIndex: "spent_on", render: (v: string) => formatDay(v, bcp47) },
      { title: t("expenses.store"), dataIndex: "store_name", responsive: ["md"] },
      { title: t("expenses.category"), dataIndex: "category_name" },
      { title: t("expenses.payee"), dataIndex: "payee", render: (v: string) => v || "—" },
      {
        title: t("expenses.note"),
        dataIndex: "note",
        responsive: ["lg"],
        ellipsis: true,
        render: (v: string) => v || "—",
      },
      {
        title: t("expenses.amount"),
        dataIndex: "amount",
        align: "right",
        render: (v: string, e) => (e.voided ? <Typography.Text delete>{money(v)}</Typography.Text> : money(v)),
      },
      {
        title: t("expenses.col.attachments"),
        key: "attachments",
        align: "center",
        responsive: ["md"],
        render: (_, e) =>
          e.attachments.length ? (
            <Space size={4}>
              <PaperClipOutlined />
              {e.attachments.length}
            </Space>
          ) : (
            "—"
          ),
      },
      {
        title: "",
        key: "actions",
        render: (_, e) =>
          e.voided ? (
            <Space>
              <Tag color="default">{t("expenses.status.voided")}</Tag>
              <Button size="small" icon={<EyeOutlined />} data-testid={`expense-view-${e.id}`} onClick={() => open(e)} aria-label={t("expenses.viewTitle")} />
            </Space>
          ) : (
            <Space>
              <Button size="small" icon={<EditOutlined />} data-testid={`expense-edit-${e.id}`} onClick={() => open(e)}>
                {t("common.edit")}
              </Button>
              <Button size="small" danger icon={<StopOutlined />} data-testid={`expense-void-${e.id}`} onClick={() => setVoiding(e)}>
                {t("expenses.void")}
              </Button>
            </Space>
          ),
      },
    ],
    [t, money, bcp47, open],
  );

  // The server lists only the expenses of the stores this user works in: offer just those (and the one chosen).
  const storeOptions = useMemo(
    () => allowedStores(stores, session, store ?? null).map((s) => ({ value: s.id, label: s.name })),
    [stores, session, store],
  );
  const categoryOptions = useMemo(() => categories.map((c) => ({ value: c.id, label: c.name })), [categories]);

  return (
    <>
      <Flex gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
        <Select<number>
          data-testid="expense-filter-store"
          allowClear
          showSearch
          filterOption={filterByValueOrLabel}
          placeholder={t("expenses.allStores")}
          value={store}
          onChange={(v) => setStore(v ?? undefined)}
          options={storeOptions}
          style={{ minWidth: 150 }}
        />
        <Select<number>
          data-testid="expense-filter-category"
          allowClear
          showSearch
          filterOption={filterByValueOrLabel}
          placeholder={t("expenses.allCategories")}
          value={category}
          onChange={(v) => setCategory(v ?? undefined)}
          options={categoryOptions}
          style={{ minWidth: 150 }}
        />
        <Space.Compact>
          <Input
            data-testid="expense-filter-from"
            type="date"
            max="9999-12-31"
            aria-label={t("expenses.dateFrom")}
            value={dateFrom}
            onChange={(e) => setRange([e.target.value, dateTo])}
            style={{ width: 150 }}
          />
          <Input
            data-testid="expense-filter-to"
            type="date"
            max="9999-12-31"
            aria-label={t("expenses.dateTo")}
            value={dateTo}
            onChange={(e) => setRange([dateFrom, e.target.value])}
            style={{ width: 150 }}
          />
        </Space.Compact>
        <Button onClick={() => setRange(monthRange(0))}>{t("expenses.thisMonth")}</Button>
        <Button onClick={() => setRange(monthRange(-1))}>{t("expenses.lastMonth")}</Button>
        <Input
          allowClear
          data-testid="expense-search"
          prefix={<SearchOutlined />}
          placeholder={t("expenses.searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ flex: "1 1 200px", maxWidth: 280 }}
          autoComplete="off"
        />
        <Segmented<ExpenseStatus>
          data-testid="expense-filter-status"
          value={status}
          onChange={setStatus}
          options={STATUSES.map((s) => ({ value: s, label: t(`expenses.status.${s}`) }))}
        />
        <div style={{ flex: 1 }} />
        <Button data-testid="expense-new" type="primary" icon={<PlusOutlined />} onClick={() => open(null)}>
          {t("expenses.new")}
        </Button>
      </Flex>

      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="expense-totals">
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t("expenses.total")} value={money(totals?.total ?? "0")} />
            <Typography.Text type="secondary">
              {t("expenses.count")}: {totals?.count ?? 0}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t("expenses.byCategory")}>
            {totals?.by_category.length ? (
              totals.by_category.map((row) => (
                <div key={row.category} data-testid={`expense-total-category-${row.category}`}>
                  <Flex justify="space-between">
                    <span>{row.name}</span>
                    <span>{money(row.total)}</span>
                  </Flex>
                  <Progress percent={percent(row.total, totals.total)} size="small" showInfo={false} />
                </div>
              ))
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("expenses.noData")} />
            )}
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t("expenses.byStore")}>
            {totals?.by_store.length ? (
              totals.by_store.map((row) => (
                <div key={row.store}>
                  <Flex justify="space-between">
                    <span>{row.name}</span>
                    <span>{money(row.total)}</span>
                  </Flex>
                  <Progress percent={percent(row.total, totals.total)} size="small" showInfo={false} strokeColor="#0f766e" />
                </div>
              ))
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("expenses.noData")} />
            )}
          </Card>
        </Col>
      </Row>

      <PagedTable<Expense>
        testId="expense-table"
        columns={columns}
        data={data}
        loading={loading}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("expenses.noData")} /> }}
      />
      <ExpenseModal
        open={modalOpen}
        expense={editing}
        stores={stores}
        categories={categories}
        onClose={() => setModalOpen(false)}
        onSaved={(_saved, close) => {
          if (close) setModalOpen(false);
          reload();
        }}
      />
      <VoidExpenseModal
        expense={voiding}
        onClose={() => setVoiding(null)}
        onVoided={() => {
          setVoiding(null);
          reload();
        }}
      />
    </>
  );
}

import { useCallback, useEffect, useMemo, useState } from "react";
import { Button, Flex, Progress, Select, Tag, Typography, type TableColumnsType } from "antd";
import { PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import { useSearchParams } from "react-router-dom";
import type { Page } from "../../api/types";
import type { Store } from "../../catalog/types";
import { StoreFilter } from "../StoreFilter";
import { PagedTable } from "../../components/PagedTable";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { isNegativeDecimal } from "../decimal";
import { useStockFormat } from "../format";
import { statusColor, useInventoryLabels } from "../labels";
import { listStocktakes } from "./api";
import { CountSheet } from "./CountSheet";
import { StartStocktakeModal } from "./StartStocktakeModal";
import { STOCKTAKE_STATUSES, type Stocktake, type StocktakeStatus } from "./types";

const PAGE_SIZE = 20;

interface Props {
  stores: Store[];
  storeName: (id: number) => string;
  actorName: (id: number | null) => string;
  currentStore?: number;
  canApprove: boolean;
  onChanged: () => void;
}

/** Stocktake sessions per store; one opens as a count sheet (kept in the URL: ?tab=stocktakes&id=…). */
export function StocktakesTab({ stores, storeName, actorName, currentStore, canApprove, onChanged }: Props) {
  const { t } = useI18n();
  const fmt = useStockFormat();
  const labels = useInventoryLabels();
  const handleError = useApiErrorHandler();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get("id")) || null;
  const [store, setStore] = useState<number | undefined>();
  const [status, setStatus] = useState<StocktakeStatus | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<Stocktake> | null>(null);
  const [loading, setLoading] = useState(true);
  const [reloadKey, setReloadKey] = useState(0);
  const [startOpen, setStartOpen] = useState(false);

  const open = useCallback(
    (id: number | null) => setParams(id ? { tab: "stocktakes", id: String(id) } : { tab: "stocktakes" }, { replace: false }),
    [setParams],
  );

  useEffect(() => setPage(1), [store, status]);

  useEffect(() => {
    if (openId) return;
    const controller = new AbortController();
    setLoading(true);
    listStocktakes({ store, status, page, page_size: PAGE_SIZE }, controller.signal)
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
  }, [openId, store, status, page, reloadKey, handleError]);

  const columns = useMemo<TableColumnsType<Stocktake>>(
    () => [
      {
        title: t("inventory.stocktake.number"),
        dataIndex: "number",
        render: (v: string, s) => (
          <Typography.Link data-testid={`stocktake-open-${s.id}`} onClick={() => open(s.id)}>
            {v}
          </Typography.Link>
        ),
      },
      { title: t("inventory.store"), dataIndex: "store", render: (v: number, s) => s.store_name || storeName(v) },
      {
        title: t("common.status"),
        dataIndex: "status",
        render: (v: string, s) => (
          <Tag color={statusColor(v)} data-testid={`stocktake-status-${s.id}`}>
            {labels.stocktakeStatus(v)}
          </Tag>
        ),
      },
      {
        title: t("inventory.stocktake.counted"),
        key: "counted",
        render: (_, s) => (
          <Flex gap={8} align="center">
            <Progress percent={s.lines_total ? Math.round((s.lines_counted / s.lines_total) * 100) : 0} size="small" showInfo={false} style={{ width: 80, margin: 0 }} />
            {s.lines_counted} / {s.lines_total}
          </Flex>
        ),
      },
      { title: t("inventory.stocktake.differences"), dataIndex: "lines_with_difference", align: "right" },
      {
        title: t("inventory.col.differenceValue"),
        dataIndex: "difference_value",
        align: "right",
        render: (v: string) => <Typography.Text type={isNegativeDecimal(v) ? "danger" : undefined}>{fmt.money(v)}</Typography.Text>,
      },
      { title: t("inventory.stocktake.startedAt"), dataIndex: "created_at", responsive: ["md"], render: (v: string) => fmt.dateTime(v) },
      { title: t("inventory.col.actor"), dataIndex: "created_by", responsive: ["xl"], render: (v: number | null) => actorName(v) },
    ],
    [t, fmt, labels, storeName, actorName, open],
  );

  if (openId) {
    return (
      <CountSheet
        key={openId}
        stocktakeId={openId}
        canApprove={canApprove}
        actorName={actorName}
        onBack={() => {
          open(null);
          setReloadKey((k) => k + 1);
        }}
        onChanged={onChanged}
      />
    );
  }

  return (
    <>
      <Flex gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
        <StoreFilter testId="stocktakes-store" stores={stores} value={store} onChange={setStore} />
        <Select<StocktakeStatus>
          data-testid="stocktakes-status"
          allowClear
          placeholder={t("inventory.allStatuses")}
          value={status}
          onChange={(v) => setStatus(v ?? undefined)}
          options={STOCKTAKE_STATUSES.map((s) => ({ value: s, label: labels.stocktakeStatus(s) }))}
          style={{ minWidth: 160 }}
        />
        <Button icon={<ReloadOutlined />} onClick={() => setReloadKey((k) => k + 1)} aria-label={t("common.retry")} />
        <div style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} data-testid="stocktake-start" onClick={() => setStartOpen(true)}>
          {t("inventory.stocktake.start")}
        </Button>
      </Flex>
      <PagedTable<Stocktake>
        testId="stocktakes-table"
        size="middle"
        columns={columns}
        data={data}
        loading={loading}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
        onOpen={(s) => open(s.id)}
      />
      <StartStocktakeModal
        open={startOpen}
        stores={stores}
        store={currentStore}
        onClose={() => setStartOpen(false)}
        onStarted={(stocktake) => {
          setStartOpen(false);
          onChanged();
          open(stocktake.id);
        }}
      />
    </>
  );
}

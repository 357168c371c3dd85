import { useCallback, useEffect, useMemo, useState } from "react";
import { Button, Flex, Input, Select, Space, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { EyeOutlined, ReloadOutlined, RollbackOutlined } from "@ant-design/icons";
import type { Store } from "../catalog/types";
import { StoreFilter } from "./StoreFilter";
import { PagedTable } from "../components/PagedTable";
import { useAbortableLoad } from "../components/useAbortableLoad";
import { useI18n } from "../i18n";
import { listMovements } from "./api";
import { useStockFormat } from "./format";
import { movementKindColor, useInventoryLabels } from "./labels";
import { MovementDetailModal } from "./MovementDetailModal";
import { ProductSelect, type ProductRef } from "./ProductSelect";
import { ReverseMovementModal } from "./ReverseMovementModal";
import { MOVEMENT_KINDS, REVERSIBLE_KINDS, type MovementKind, type StockMovement } from "./types";

const PAGE_SIZE = 20;

interface Props {
  stores: Store[];
  storeName: (id: number) => string;
  actorName: (id: number | null) => string;
  canReverse: boolean;
  initialStore?: number;
  initialProduct?: ProductRef;
  onChanged: () => void;
}

/** The stock ledger, newest first: filters, detail, reversal. */
export function MovementsTab({ stores, storeName, actorName, canReverse, initialStore, initialProduct, onChanged }: Props) {
  const { t } = useI18n();
  const fmt = useStockFormat();
  const labels = useInventoryLabels();
  const [store, setStore] = useState<number | undefined>(initialStore);
  const [product, setProduct] = useState<number | undefined>(initialProduct?.id);
  const [kind, setKind] = useState<MovementKind | undefined>();
  const [dateFrom, setDateFrom] = useState("");
  const [dateTo, setDateTo] = useState("");
  const [page, setPage] = useState(1);
  const [reloadKey, setReloadKey] = useState(0);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [reverseTarget, setReverseTarget] = useState<StockMovement | null>(null);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);

  useEffect(() => setPage(1), [store, product, kind, dateFrom, dateTo]);

  const { data, loading } = useAbortableLoad(
    (signal) =>
      listMovements(
        { store, product, kind, date_from: dateFrom || undefined, date_to: dateTo || undefined, page, page_size: PAGE_SIZE },
        signal,
      ),
    [store, product, kind, dateFrom, dateTo, page, reloadKey],
  );

  const columns = useMemo<TableColumnsType<StockMovement>>(
    () => [
      {
        title: "#",
        dataIndex: "id",
        render: (id: number) => (
          <Typography.Link data-testid={`movement-open-${id}`} onClick={() => setDetailId(id)}>
            {id}
          </Typography.Link>
        ),
      },
      { title: t("inventory.col.time"), dataIndex: "created_at", render: (v: string) => fmt.dateTime(v) },
      { title: t("inventory.store"), dataIndex: "store", render: (v: number) => storeName(v) },
      {
        title: t("inventory.col.kind"),
        dataIndex: "kind",
        render: (k: string, m) => (
          <Space size={4} wrap>
            <Tag color={movementKindColor(k)} data-testid={`movement-kind-${m.id}`}>
              {labels.movementKind(k)}
            </Tag>
            {m.reversed_by !== null ? <Tag>{t("inventory.movement.reversedTag")}</Tag> : null}
          </Space>
        ),
      },
      {
        title: t("inventory.col.lines"),
        key: "lines",
        render: (_, m) => (
          <Space direction="vertical" size={0}>
            {m.lines.slice(0, 3).map((line) => (
              <span key={line.product}>
                {line.product_name} <Typography.Text type={line.quantity.startsWith("-") ? "danger" : "success"}>{fmt.signedQty(line.quantity)}</Typography.Text>
              </span>
            ))}
            {m.lines.length > 3 ? <Typography.Text type="secondary">{t("inventory.moreLines", { count: m.lines.length - 3 })}</Typography.Text> : null}
          </Space>
        ),
      },
      {
        title: t("common.reason"),
        dataIndex: "reason",
        responsive: ["lg"],
        render: (v: string) => (v ? <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 220 }}>{v}</Typography.Text> : "—"),
      },
      { title: t("inventory.col.actor"), dataIndex: "actor", responsive: ["xl"], render: (v: number | null) => actorName(v) },
      {
        title: "",
        key: "actions",
        render: (_, m) => (
          <Space>
            <Tooltip title={t("inventory.movement.detail")}>
              <Button size="small" icon={<EyeOutlined />} onClick={() => setDetailId(m.id)} aria-label={t("inventory.movement.detail")} />
            </Tooltip>
            {canReverse && REVERSIBLE_KINDS.has(m.kind) && m.reverses === null && m.reversed_by === null ? (
              <Button size="small" danger icon={<RollbackOutlined />} data-testid={`movement-reverse-${m.id}`} onClick={() => setReverseTarget(m)}>
                {t("inventory.reverse.submit")}
              </Button>
            ) : null}
          </Space>
        ),
      },
    ],
    [t, fmt, labels, storeName, actorName, canReverse],
  );

  return (
    <>
      <Flex gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
        <StoreFilter testId="movements-store" stores={stores} value={store} onChange={setStore} />
        <ProductSelect
          data-testid="movements-product"
          allowClear
          placeholder={t("inventory.allProducts")}
          seed={initialProduct ? [initialProduct] : undefined}
          value={product}
          onChange={setProduct}
          style={{ minWidth: 220 }}
        />
        <Select<MovementKind>
          data-testid="movements-kind"
          allowClear
          placeholder={t("inventory.allKinds")}
          value={kind}
          onChange={(v) => setKind(v ?? undefined)}
          options={MOVEMENT_KINDS.map((k) => ({ value: k, label: labels.movementKind(k) }))}
          style={{ minWidth: 160 }}
        />
        <Space.Compact>
          <Input
            data-testid="movements-from"
            type="date"
            value={dateFrom}
            max={dateTo || undefined}
            onChange={(e) => setDateFrom(e.target.value)}
            aria-label={t("inventory.dateFrom")}
            style={{ width: 150 }}
          />
          <Input
            data-testid="movements-to"
            type="date"
            value={dateTo}
            min={dateFrom || undefined}
            onChange={(e) => setDateTo(e.target.value)}
            aria-label={t("inventory.dateTo")}
            style={{ width: 150 }}
          />
        </Space.Compact>
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t("common.retry")} />
      </Flex>
      <PagedTable<StockMovement>
        testId="movements-table"
        size="middle"
        columns={columns}
        data={data}
        loading={loading}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
      <MovementDetailModal
        movementId={detailId}
        storeName={storeName}
        actorName={actorName}
        canReverse={canReverse}
        reloadKey={reloadKey}
        onClose={() => setDetailId(null)}
        onOpenMovement={setDetailId}
        onReverse={(m) => setReverseTarget(m)}
      />
      <ReverseMovementModal
        open={reverseTarget !== null}
        movement={reverseTarget}
        onClose={() => setReverseTarget(null)}
        onDone={(reversal) => {
          setReverseTarget(null);
          if (detailId !== null) setDetailId(reversal.id);
          reload();
          onChanged();
        }}
      />
    </>
  );
}

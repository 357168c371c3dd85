import { useCallback, useEffect, useMemo, useState } from "react";
import { Button, Flex, Progress, Segmented, Select, Tag, Typography, type TableColumnsType } from "antd";
import { PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import type { Store } from "../../catalog/types";
import { StoreFilter } from "../StoreFilter";
import { PagedTable } from "../../components/PagedTable";
import { filterByValueOrLabel } from "../../components/selectSearch";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useAbortableLoad } from "../../components/useAbortableLoad";
import { useI18n } from "../../i18n";
import { useStockFormat } from "../format";
import { statusColor, useInventoryLabels } from "../labels";
import { listPurchaseOrders, listSuppliers } from "./api";
import { orderTotal, PurchaseOrderDrawer, receivedPercent } from "./PurchaseOrderDrawer";
import { PurchaseOrderModal } from "./PurchaseOrderModal";
import { SuppliersTab } from "./SuppliersTab";
import { PO_STATUSES, type PurchaseOrder, type PurchaseOrderStatus, type Supplier } from "./types";

const PAGE_SIZE = 20;
type View = "orders" | "suppliers";

interface Props {
  stores: Store[];
  storeName: (id: number) => string;
  currentStore?: number;
  canManage: boolean;
  onChanged: () => void;
}

/** Purchase orders to suppliers (draft, place, receive in deliveries, close) and the suppliers. */
export function PurchaseOrdersTab({ stores, storeName, currentStore, canManage, onChanged }: Props) {
  const { t } = useI18n();
  const [view, setView] = useState<View>("orders");
  const [suppliersKey, setSuppliersKey] = useState(0);

  return (
    <>
      <Segmented<View>
        data-testid="po-view"
        value={view}
        onChange={setView}
        options={[
          { value: "orders", label: <span data-testid="po-view-orders">{t("inventory.po.orders")}</span> },
          { value: "suppliers", label: <span data-testid="po-view-suppliers">{t("inventory.po.suppliers")}</span> },
        ]}
        style={{ marginBottom: 16 }}
      />
      {view === "orders" ? (
        <OrdersList stores={stores} storeName={storeName} currentStore={currentStore} canManage={canManage} onChanged={onChanged} suppliersKey={suppliersKey} />
      ) : (
        <SuppliersTab canManage={canManage} onChanged={() => setSuppliersKey((k) => k + 1)} />
      )}
    </>
  );
}

function OrdersList({ stores, storeName, currentStore, canManage, onChanged, suppliersKey }: Props & { suppliersKey: number }) {
  const { t } = useI18n();
  const fmt = useStockFormat();
  const labels = useInventoryLabels();
  const handleError = useApiErrorHandler();
  const [status, setStatus] = useState<PurchaseOrderStatus | undefined>();
  const [supplier, setSupplier] = useState<number | undefined>();
  const [store, setStore] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [reloadKey, setReloadKey] = useState(0);
  const [suppliers, setSuppliers] = useState<Supplier[]>([]);
  const [openId, setOpenId] = useState<number | null>(null);
  const [modalOpen, setModalOpen] = useState(false);
  const [editing, setEditing] = useState<PurchaseOrder | null>(null);
  const [drawerKey, setDrawerKey] = useState(0);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);

  useEffect(() => {
    listSuppliers()
      .then(setSuppliers)
      .catch((err: unknown) => handleError(err));
  }, [suppliersKey, handleError]);

  useEffect(() => setPage(1), [status, supplier, store]);

  const { data, loading } = useAbortableLoad(
    (signal) => listPurchaseOrders({ status, supplier, store, page, page_size: PAGE_SIZE }, signal),
    [status, supplier, store, page, reloadKey],
  );

  const supplierNames = useMemo(() => new Map(suppliers.map((s) => [s.id, s.name])), [suppliers]);
  const supplierName = useCallback((id: number) => supplierNames.get(id) ?? `#${id}`, [supplierNames]);

  const columns = useMemo<TableColumnsType<PurchaseOrder>>(
    () => [
      {
        title: t("inventory.po.number"),
        dataIndex: "number",
        render: (v: string, o) => (
          <Typography.Link data-testid={`po-open-${o.id}`} onClick={() => setOpenId(o.id)}>
            {v}
          </Typography.Link>
        ),
      },
      { title: t("inventory.po.supplier"), dataIndex: "supplier", render: (v: number, o) => o.supplier_name || supplierName(v) },
      { title: t("inventory.po.deliverTo"), dataIndex: "store", render: (v: number, o) => o.store_name || storeName(v) },
      {
        title: t("common.status"),
        dataIndex: "status",
        render: (s: string, o) => (
          <Tag color={statusColor(s)} data-testid={`po-status-${o.id}`}>
            {labels.poStatus(s)}
          </Tag>
        ),
      },
      { title: t("inventory.po.expectedAt"), dataIndex: "expected_at", responsive: ["md"], render: (v: string | null) => v || "—" },
      { title: t("inventory.po.total"), key: "total", align: "right", render: (_, o) => fmt.money(orderTotal(o)) },
      {
        title: t("inventory.po.progress"),
        key: "progress",
        responsive: ["lg"],
        render: (_, o) => (o.status === "draft" || o.status === "cancelled" ? "—" : <Progress percent={receivedPercent(o)} size="small" style={{ width: 120 }} />),
      },
      { title: t("inventory.po.createdAt"), dataIndex: "created_at", responsive: ["xl"], render: (v: string) => fmt.dateTime(v) },
    ],
    [t, fmt, labels, storeName, supplierName],
  );

  return (
    <>
      <Flex gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
        <Select<PurchaseOrderStatus>
          data-testid="po-filter-status"
          allowClear
          placeholder={t("inventory.allStatuses")}
          value={status}
          onChange={(v) => setStatus(v ?? undefined)}
          options={PO_STATUSES.map((s) => ({ value: s, label: labels.poStatus(s) }))}
          style={{ minWidth: 160 }}
        />
        <Select<number>
          data-testid="po-filter-supplier"
          allowClear
          showSearch
          filterOption={filterByValueOrLabel}
          placeholder={t("inventory.allSuppliers")}
          value={supplier}
          onChange={(v) => setSupplier(v ?? undefined)}
          options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
          style={{ minWidth: 180 }}
        />
        <StoreFilter testId="po-filter-store" stores={stores} value={store} onChange={setStore} />
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t("common.retry")} />
        <div style={{ flex: 1 }} />
        {canManage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="po-new"
            onClick={() => {
              setEditing(null);
              setModalOpen(true);
            }}
          >
            {t("inventory.po.new")}
          </Button>
        ) : null}
      </Flex>
      <PagedTable<PurchaseOrder>
        testId="po-table"
        size="middle"
        columns={columns}
        data={data}
        loading={loading}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
        onOpen={(o) => setOpenId(o.id)}
      />
      <PurchaseOrderDrawer
        key={drawerKey}
        orderId={openId}
        canManage={canManage}
        storeName={storeName}
        supplierName={supplierName}
        onClose={() => setOpenId(null)}
        onEdit={(order) => {
          setEditing(order);
          setModalOpen(true);
        }}
        onChanged={() => {
          reload();
          onChanged();
        }}
      />
      <PurchaseOrderModal
        open={modalOpen}
        order={editing}
        stores={stores}
        suppliers={suppliers}
        store={currentStore}
        onClose={() => setModalOpen(false)}
        onSaved={(order) => {
          setModalOpen(false);
          reload();
          setDrawerKey((k) => k + 1);
          setOpenId(order.id);
        }}
      />
    </>
  );
}

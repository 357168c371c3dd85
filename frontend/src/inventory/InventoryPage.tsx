import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { Badge, Card, Result, Space, Tabs } from "antd";
import { useSearchParams } from "react-router-dom";
import type { StaffMember } from "../api/types";
import { useSession } from "../auth/SessionProvider";
import { listStores } from "../catalog/api";
import type { Store } from "../catalog/types";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { isManagerRole } from "../loyalty/labels";
import { fetchAll, listStockLevels } from "./api";
import { InventorySettingsTab } from "./InventorySettingsTab";
import { MovementsTab } from "./MovementsTab";
import type { ProductRef } from "./ProductSelect";
import { PurchaseOrdersTab } from "./purchasing/PurchaseOrdersTab";
import { StocktakesTab } from "./stocktake/StocktakesTab";
import { StockTab } from "./StockTab";
import { TransfersTab } from "./TransfersTab";

const TABS = ["stock", "movements", "transfers", "purchase-orders", "stocktakes", "settings"] as const;
type TabKey = (typeof TABS)[number];
const STORE_KEY = "hy.inventory.store";

/** Owner/manager stock work: levels, movements, transfers, purchase orders, stocktakes, settings. */
export function InventoryPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const handleError = useApiErrorHandler();
  const [params, setParams] = useSearchParams();
  const role = session?.user?.role;
  const owner = role === "owner";
  const manager = isManagerRole(role);
  const [stores, setStores] = useState<Store[]>([]);
  const [staff, setStaff] = useState<Map<number, string>>(new Map());
  const [store, setStoreState] = useState<number | undefined>();
  const [lowCount, setLowCount] = useState(0);
  const [changeKey, setChangeKey] = useState(0);
  const [movementFilter, setMovementFilter] = useState<{ store?: number; product?: ProductRef }>({});

  const current = params.get("tab") ?? "";
  const allowed = (key: string) => (TABS as readonly string[]).includes(key) && (key !== "settings" || owner);
  const tab: TabKey = allowed(current) ? (current as TabKey) : "stock";
  const setTab = useCallback((key: string) => setParams(key === "stock" ? {} : { tab: key }, { replace: true }), [setParams]);

  useEffect(() => {
    if (!manager) return;
    listStores()
      .then((rows) => {
        setStores(rows);
        const saved = Number(window.localStorage.getItem(STORE_KEY));
        const pick = rows.find((s) => s.id === saved) ?? rows.find((s) => s.active) ?? rows[0];
        setStoreState((prev) => prev ?? pick?.id);
      })
      .catch((err: unknown) => handleError(err));
    fetchAll<StaffMember>("staff/", {})
      .then((rows) => setStaff(new Map(rows.map((m) => [Number(m.id), m.name || m.email]))))
      .catch(() => undefined); // names are a nicety; ids are shown without them
  }, [manager, handleError]);

  // Low-stock count over every store, for the badge on the Stock tab.
  useEffect(() => {
    if (!manager) return;
    const controller = new AbortController();
    listStockLevels({ low: true, page_size: 1 }, controller.signal)
      .then((page) => setLowCount(page.count))
      .catch(() => undefined);
    return () => controller.abort();
  }, [manager, changeKey]);

  const setStore = useCallback((id: number) => {
    setStoreState(id);
    window.localStorage.setItem(STORE_KEY, String(id));
  }, []);
  const onChanged = useCallback(() => setChangeKey((k) => k + 1), []);

  const storeNames = useMemo(() => new Map(stores.map((s) => [s.id, s.name])), [stores]);
  const storeName = useCallback((id: number) => storeNames.get(id) ?? `#${id}`, [storeNames]);
  const actorName = useCallback((id: number | null) => (id === null ? "—" : (staff.get(id) ?? `#${id}`)), [staff]);

  const showMovements = useCallback(
    (storeId: number, productId: number, productName?: string) => {
      setMovementFilter({ store: storeId, product: { id: productId, name: productName ?? `#${productId}` } });
      setTab("movements");
    },
    [setTab],
  );

  if (!manager) {
    return <Result status="403" title={t("error.permissionDenied")} />;
  }

  const label = (key: string, text: string, extra?: ReactNode) => (
    <Space size={6} data-testid={`tab-${key}`}>
      {text}
      {extra}
    </Space>
  );
  const items = [
    {
      key: "stock",
      label: label("stock", t("inventory.tab.stock"), lowCount ? <Badge count={lowCount} color="#faad14" size="small" data-testid="tab-stock-low" /> : null),
      children: (
        <StockTab
          stores={stores}
          store={store}
          onStoreChange={setStore}
          canMove={manager}
          onChanged={onChanged}
          onShowMovements={showMovements}
        />
      ),
    },
    {
      key: "movements",
      label: label("movements", t("inventory.tab.movements")),
      children: (
        <MovementsTab
          stores={stores}
          storeName={storeName}
          actorName={actorName}
          canReverse={manager}
          initialStore={movementFilter.store}
          initialProduct={movementFilter.product}
          onChanged={onChanged}
        />
      ),
    },
    {
      key: "transfers",
      label: label("transfers", t("inventory.tab.transfers")),
      children: <TransfersTab stores={stores} storeName={storeName} currentStore={store} canMove={manager} onChanged={onChanged} />,
    },
    {
      key: "purchase-orders",
      label: label("purchase-orders", t("inventory.tab.purchaseOrders")),
      children: <PurchaseOrdersTab stores={stores} storeName={storeName} currentStore={store} canManage={manager} onChanged={onChanged} />,
    },
    {
      key: "stocktakes",
      label: label("stocktakes", t("inventory.tab.stocktakes")),
      children: (
        <StocktakesTab stores={stores} storeName={storeName} actorName={actorName} currentStore={store} canApprove={manager} onChanged={onChanged} />
      ),
    },
    ...(owner ? [{ key: "settings", label: label("settings", t("inventory.tab.settings")), children: <InventorySettingsTab owner={owner} /> }] : []),
  ];

  return (
    <Card title={t("inventory.title")}>
      <Tabs activeKey={tab} onChange={setTab} destroyOnHidden items={items} />
    </Card>
  );
}

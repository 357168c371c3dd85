import { Card, Result, Tabs } from "antd";
import { useSearchParams } from "react-router-dom";
import { useSession } from "../auth/SessionProvider";
import { useI18n } from "../i18n";
import { isManagerRole } from "../loyalty/labels";
import { CategoriesTab } from "./CategoriesTab";
import { ProductsTab } from "./ProductsTab";
import { StoresTab } from "./StoresTab";

const TABS = ["products", "categories", "stores"] as const;
type TabKey = (typeof TABS)[number];

/** Owner/manager setup of the catalog: products and services, categories, stores. */
export function CatalogPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const current = params.get("tab") ?? "";
  const tab: TabKey = (TABS as readonly string[]).includes(current) ? (current as TabKey) : "products";

  if (!isManagerRole(session?.user?.role)) {
    return <Result status="403" title={t("error.permissionDenied")} />;
  }

  const label = (key: string, text: string) => <span data-testid={`tab-${key}`}>{text}</span>;
  const items = [
    { key: "products", label: label("products", t("catalog.tab.products")), children: <ProductsTab /> },
    { key: "categories", label: label("categories", t("catalog.tab.categories")), children: <CategoriesTab /> },
    { key: "stores", label: label("stores", t("catalog.tab.stores")), children: <StoresTab /> },
  ];

  return (
    <Card title={t("catalog.title")}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === "products" ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={items}
      />
    </Card>
  );
}

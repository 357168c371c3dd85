import { useCallback, useEffect, useMemo, useState } from "react";
import { App, Avatar, Badge, Button, Flex, Input, Popconfirm, Select, Space, Tag, type TableColumnsType } from "antd";
import { BarcodeOutlined, EditOutlined, PictureOutlined, PlusOutlined, SearchOutlined, StopOutlined } from "@ant-design/icons";
import { isApiError } from "../api/client";
import { useMoney } from "../components/money";
import { PagedTable } from "../components/PagedTable";
import { filterByValueOrLabel } from "../components/selectSearch";
import { useAbortableLoad } from "../components/useAbortableLoad";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useDebounced } from "../components/useDebounced";
import { useI18n } from "../i18n";
import { listTiers } from "../loyalty/tiers/api";
import type { Tier } from "../loyalty/tiers/types";
import { deactivateProduct, listCategories, listProducts, scanProduct } from "./api";
import { useProductKinds } from "./kinds";
import { ProductModal } from "./ProductModal";
import type { Category, Product, ProductKind } from "./types";

const PAGE_SIZE = 20;
type ActiveFilter = "true" | "false";

export function ProductsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { money } = useMoney();
  const kinds = useProductKinds();
  const handleError = useApiErrorHandler();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const [category, setCategory] = useState<number | undefined>();
  const [kind, setKind] = useState<ProductKind | undefined>();
  const [active, setActive] = useState<ActiveFilter | undefined>();
  const [page, setPage] = useState(1);
  const [reloadKey, setReloadKey] = useState(0);
  const [categories, setCategories] = useState<Category[]>([]);
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [scanCode, setScanCode] = useState("");
  const [scanning, setScanning] = useState(false);
  const [modalOpen, setModalOpen] = useState(false);
  const [editing, setEditing] = useState<Product | null>(null);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);

  useEffect(() => {
    listCategories()
      .then(setCategories)
      .catch((err: unknown) => handleError(err));
    listTiers()
      .then(setTiers)
      .catch((err: unknown) => handleError(err));
  }, [handleError]);

  // A new search or filter starts again at page 1.
  useEffect(() => setPage(1), [q, category, kind, active]);

  const { data, loading } = useAbortableLoad(
    (signal) => listProducts({ q, category, kind, active, page, page_size: PAGE_SIZE }, signal),
    [q, category, kind, active, page, reloadKey],
  );

  const openProduct = useCallback((product: Product | null) => {
    setEditing(product);
    setModalOpen(true);
  }, []);

  /** Scanner input: look the barcode (or SKU) up and open that product. */
  async function onScan() {
    const code = scanCode.trim();
    if (!code) return;
    setScanning(true);
    try {
      const product = await scanProduct(code);
      setScanCode("");
      openProduct(product);
    } catch (err) {
      if (isApiError(err) && err.status === 404) message.warning(t("product.scanNotFound", { code }));
      else handleError(err);
    } finally {
      setScanning(false);
    }
  }

  const onDeactivate = useCallback(
    async (product: Product) => {
      try {
        await deactivateProduct(product.id);
        message.success(t("product.deactivated"));
        reload();
      } catch (err) {
        handleError(err);
      }
    },
    [handleError, message, reload, t],
  );

  const categoryNames = useMemo(() => new Map(categories.map((c) => [c.id, c.name])), [categories]);
  const categoryOptions = useMemo(() => categories.map((c) => ({ value: c.id, label: c.name })), [categories]);

  const columns = useMemo<TableColumnsType<Product>>(
    () => [
      {
        title: t("productImage.column"),
        dataIndex: "image_url",
        width: 64,
        render: (url: string | null, p) => (
          <Avatar shape="square" size={40} src={url || undefined} icon={<PictureOutlined />} alt={p.name} data-testid={`product-thumb-${p.id}`} />
        ),
      },
      {
        title: t("product.name"),
        dataIndex: "name",
        render: (name: string, p) => (
          <Button type="link" size="small" style={{ padding: 0 }} data-testid={`product-open-${p.id}`} onClick={() => openProduct(p)}>
            {name}
          </Button>
        ),
      },
      { title: t("product.sku"), dataIndex: "sku", render: (v: string | null) => v || "—" },
      {
        title: t("product.barcodes"),
        dataIndex: "barcodes",
        responsive: ["lg"],
        render: (codes: string[]) => (codes?.length ? codes.map((c) => <Tag key={c}>{c}</Tag>) : "—"),
      },
      {
        title: t("product.kind"),
        dataIndex: "kind",
        render: (k: ProductKind, p) => (
          <Tag color={!kinds.info(k) ? "default" : kinds.isService(k) ? "purple" : "blue"} data-testid={`product-kind-${p.id}`}>
            {kinds.label(k)}
          </Tag>
        ),
      },
      {
        title: t("product.category"),
        dataIndex: "category",
        responsive: ["md"],
        render: (v: number | null) => (v === null ? "—" : (categoryNames.get(v) ?? `#${v}`)),
      },
      { title: t("product.price"), dataIndex: "price", align: "right", render: (v: string) => money(v) },
      {
        title: t("product.cost"),
        dataIndex: "cost",
        align: "right",
        responsive: ["lg"],
        render: (v: string | null) => money(v),
      },
      {
        title: t("common.status"),
        dataIndex: "active",
        render: (v: boolean) => <Badge status={v ? "success" : "default"} text={v ? t("common.active") : t("common.inactive")} />,
      },
      {
        title: "",
        key: "actions",
        render: (_, p) => (
          <Space>
            <Button size="small" data-testid={`product-edit-${p.id}`} icon={<EditOutlined />} onClick={() => openProduct(p)}>
              {t("common.edit")}
            </Button>
            {p.active ? (
              <Popconfirm
                title={t("product.deactivateConfirm")}
                onConfirm={() => onDeactivate(p)}
                okText={t("catalog.deactivate")}
                cancelText={t("common.cancel")}
              >
                <Button size="small" danger data-testid={`product-deactivate-${p.id}`} icon={<StopOutlined />}>
                  {t("catalog.deactivate")}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ),
      },
    ],
    [t, kinds, money, categoryNames, openProduct, onDeactivate],
  );

  return (
    <>
      <Flex gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
        <Input
          allowClear
          data-testid="product-search"
          prefix={<SearchOutlined />}
          placeholder={t("product.searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ flex: "1 1 240px", maxWidth: 360 }}
          autoComplete="off"
        />
        <Select<number>
          data-testid="product-filter-category"
          allowClear
          showSearch
          filterOption={filterByValueOrLabel}
          placeholder={t("product.allCategories")}
          value={category}
          onChange={(v) => setCategory(v ?? undefined)}
          options={categoryOptions}
          style={{ minWidth: 160 }}
        />
        <Select<ProductKind>
          data-testid="product-filter-kind"
          allowClear
          placeholder={t("product.allKinds")}
          value={kind}
          onChange={(v) => setKind(v ?? undefined)}
          options={kinds.list.map((k) => ({ value: k.key, label: k.label }))}
          style={{ minWidth: 130 }}
        />
        <Select<ActiveFilter>
          data-testid="product-filter-active"
          allowClear
          placeholder={t("product.allStatuses")}
          value={active}
          onChange={(v) => setActive(v ?? undefined)}
          options={[
            { value: "true", label: t("common.active") },
            { value: "false", label: t("common.inactive") },
          ]}
          style={{ minWidth: 130 }}
        />
        <Input
          data-testid="product-scan"
          prefix={<BarcodeOutlined />}
          placeholder={t("product.scanPlaceholder")}
          value={scanCode}
          onChange={(e) => setScanCode(e.target.value)}
          onPressEnter={() => void onScan()}
          disabled={scanning}
          style={{ flex: "0 1 220px" }}
          autoComplete="off"
        />
        <div style={{ flex: 1 }} />
        <Button data-testid="product-new" type="primary" icon={<PlusOutlined />} onClick={() => openProduct(null)}>
          {t("product.new")}
        </Button>
      </Flex>
      <PagedTable<Product> testId="product-table" columns={columns} data={data} loading={loading} page={page} pageSize={PAGE_SIZE} onPageChange={setPage} />
      <ProductModal
        open={modalOpen}
        product={editing}
        categories={categories}
        tiers={tiers}
        kinds={kinds}
        onClose={() => setModalOpen(false)}
        onImageChanged={reload}
        onSaved={() => {
          setModalOpen(false);
          reload();
        }}
      />
    </>
  );
}

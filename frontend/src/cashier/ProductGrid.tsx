import { useMemo, useState } from "react";
import { Empty, Flex, Input, Segmented, Select, Typography } from "antd";
import { SearchOutlined } from "@ant-design/icons";
import { useMoney } from "../components/money";
import { useI18n } from "../i18n";
import type { CashierProduct } from "./types";

interface Props {
  products: CashierProduct[];
  compact: boolean;
  onPick: (product: CashierProduct) => void;
}

const ALL = "__all";
const MAX_SHOWN = 300;

export function isTimedProduct(p: CashierProduct): boolean {
  return p.timed_rate !== null && p.timed_rate !== undefined && p.timed_rate !== "";
}

/** Products of the bootstrap as a touch-friendly grid, filtered by category and search. */
export function ProductGrid({ products, compact, onPick }: Props) {
  const { t } = useI18n();
  const { money } = useMoney();
  const [category, setCategory] = useState<string>(ALL);
  const [search, setSearch] = useState("");

  const sellable = useMemo(() => products.filter((p) => !isTimedProduct(p)), [products]);
  const categories = useMemo(() => {
    const seen = new Map<string, string>();
    for (const p of sellable) {
      const key = p.category == null ? "none" : String(p.category);
      if (!seen.has(key)) seen.set(key, p.category_name || t("cashier.products.uncategorized"));
    }
    return [...seen.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [sellable, t]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return sellable.filter((p) => {
      if (category !== ALL && (p.category == null ? "none" : String(p.category)) !== category) return false;
      if (!q) return true;
      return (
        p.name.toLowerCase().includes(q) ||
        (p.sku ?? "").toLowerCase().includes(q) ||
        (p.barcodes ?? []).some((b) => b.toLowerCase().includes(q))
      );
    });
  }, [sellable, category, search]);

  const options = [{ value: ALL, label: t("cashier.products.all") }, ...categories.map(([value, label]) => ({ value, label }))];

  return (
    <div>
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 12 }}>
        <Input
          allowClear
          data-testid="cashier-product-search"
          prefix={<SearchOutlined />}
          placeholder={t("cashier.products.search")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onPressEnter={() => {
            if (shown.length === 1) {
              onPick(shown[0]);
              setSearch("");
            }
          }}
          style={{ flex: "1 1 200px", maxWidth: 360 }}
          autoComplete="off"
        />
        {categories.length > 1 ? (
          compact || categories.length > 6 ? (
            <Select
              data-testid="cashier-category"
              value={category}
              onChange={setCategory}
              options={options}
              style={{ minWidth: 160 }}
              aria-label={t("cashier.products.category")}
            />
          ) : (
            <Segmented data-testid="cashier-category" value={category} onChange={(v) => setCategory(String(v))} options={options} />
          )
        ) : null}
      </Flex>
      {shown.length ? (
        <div className="hy-cashier-grid" data-testid="cashier-products">
          {shown.slice(0, MAX_SHOWN).map((p) => (
            <button
              type="button"
              key={p.id}
              className="hy-cashier-tile"
              data-testid={`cashier-product-${p.id}`}
              onClick={() => onPick(p)}
              title={p.name}
            >
              {p.image_url ? <img src={p.image_url} alt="" loading="lazy" /> : null}
              <span className="hy-cashier-tile-name">{p.name}</span>
              <span className="hy-cashier-tile-price">{money(p.price)}</span>
              {p.sku ? <span className="hy-cashier-tile-sku">{p.sku}</span> : null}
            </button>
          ))}
        </div>
      ) : (
        <Empty description={t("cashier.products.none")} />
      )}
      {shown.length > MAX_SHOWN ? (
        <Typography.Text type="secondary">{t("cashier.products.more", { count: shown.length - MAX_SHOWN })}</Typography.Text>
      ) : null}
    </div>
  );
}

import { useEffect, useMemo, useRef, useState, type CSSProperties } from "react";
import { App, Input, Select, Spin } from "antd";
import { BarcodeOutlined } from "@ant-design/icons";
import { isApiError } from "../api/client";
import { listProducts, scanProduct } from "../catalog/api";
import type { Product } from "../catalog/types";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useDebounced } from "../components/useDebounced";
import { useI18n } from "../i18n";

/** A product known by id and name (e.g. from a stock level), so a prefilled select shows its name. */
export interface ProductRef {
  id: number;
  name: string;
}

interface Props {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  /** Called with the chosen product (undefined when cleared or only known by reference). */
  onProduct?: (product: Product | undefined) => void;
  seed?: ProductRef[];
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  "data-testid"?: string;
}

function optionLabel(p: Product): string {
  return p.sku ? `${p.name} · ${p.sku}` : p.name;
}

/** Searchable select of stocked products (services have no stock): name, SKU or barcode. */
export function ProductSelect({ value, onChange, onProduct, seed, placeholder, allowClear, disabled, style, ...rest }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 250);
  const [opened, setOpened] = useState(false);
  const [results, setResults] = useState<Product[]>([]);
  const [loading, setLoading] = useState(false);
  const known = useRef(new Map<number, { label: string; product?: Product }>());

  for (const ref of seed ?? []) if (!known.current.has(ref.id)) known.current.set(ref.id, { label: ref.name });

  useEffect(() => {
    if (!opened && !q) return;
    const controller = new AbortController();
    setLoading(true);
    listProducts({ q, kind: "product", active: "true", page_size: 20 }, controller.signal)
      .then((page) => {
        for (const p of page.results) known.current.set(p.id, { label: optionLabel(p), product: p });
        setResults(page.results);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setLoading(false);
        handleError(err);
      });
    return () => controller.abort();
  }, [q, opened, handleError]);

  const options = useMemo(() => {
    const list = results.map((p) => ({ value: p.id, label: optionLabel(p) }));
    if (value != null && !results.some((p) => p.id === value)) {
      list.unshift({ value, label: known.current.get(value)?.label ?? `#${value}` });
    }
    return list;
  }, [results, value]);

  return (
    <Select<number>
      {...rest}
      showSearch
      value={value ?? undefined}
      placeholder={placeholder ?? t("inventory.product.search")}
      filterOption={false}
      onSearch={setSearch}
      onOpenChange={(open) => open && setOpened(true)}
      notFoundContent={loading ? <Spin size="small" /> : t("inventory.product.none")}
      options={options}
      allowClear={allowClear}
      disabled={disabled}
      style={style}
      onChange={(id) => {
        onChange?.(id ?? undefined);
        onProduct?.(id == null ? undefined : known.current.get(id)?.product);
        setSearch("");
      }}
    />
  );
}

interface ScanProps {
  onProduct: (product: Product) => void;
  placeholder?: string;
  style?: CSSProperties;
  disabled?: boolean;
  autoFocus?: boolean;
  "data-testid"?: string;
}

/** Barcode scanner input: a scanner types the code and Enter; the product is looked up and handed over. */
export function ScanInput({ onProduct, placeholder, style, disabled, autoFocus, ...rest }: ScanProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);

  async function onScan() {
    const text = code.trim();
    if (!text) return;
    setBusy(true);
    try {
      const product = await scanProduct(text);
      setCode("");
      if (product.kind !== "product") message.warning(t("inventory.product.noStock", { name: product.name }));
      else onProduct(product);
    } catch (err) {
      if (isApiError(err) && err.status === 404) message.warning(t("product.scanNotFound", { code: text }));
      else handleError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Input
      {...rest}
      prefix={<BarcodeOutlined />}
      placeholder={placeholder ?? t("product.scanPlaceholder")}
      value={code}
      onChange={(e) => setCode(e.target.value)}
      onPressEnter={(e) => {
        e.preventDefault();
        void onScan();
      }}
      disabled={disabled || busy}
      autoFocus={autoFocus}
      autoComplete="off"
      style={style}
    />
  );
}

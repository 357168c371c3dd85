// The product kinds this shop offers. Plugins register kinds (platform pluginhost
// register_product_kinds), so the list, the labels and whether a kind behaves like a service come
// from the server (`GET products/schema/`, key `kinds`); nothing here hard-codes "service".

import { useCallback, useEffect, useMemo, useState } from "react";
import { useI18n } from "../i18n";
import { getCatalogSchema } from "./api";
import { useCatalogLabels } from "./labels";
import type { ProductKind, ProductKindInfo } from "./types";

/** The core's own kinds (pluginhost/default_plugins/core.py): only used while, or if, the server's list cannot be read. */
const CORE_KINDS: readonly Omit<ProductKindInfo, "label">[] = [
  { key: "product", tracks_stock: true, is_service: false, order: 10 },
  { key: "service", tracks_stock: false, is_service: true, order: 20 },
];

export interface ProductKinds {
  /** The kinds offered, in the server's order. */
  list: ProductKindInfo[];
  /** True once the list came from the server (false: the core's kinds, as a fallback). */
  loaded: boolean;
  /** A kind as offered, or undefined for a kind the shop no longer has (its plugin was disabled). */
  info: (key: ProductKind) => ProductKindInfo | undefined;
  /** The label of any kind, offered or not (an unknown key is shown as it is). */
  label: (key: ProductKind) => string;
  /** Whether products of this kind behave like a service (duration, timed billing). Like the server, a kind no longer offered does not. */
  isService: (key: ProductKind | null | undefined) => boolean;
}

function isKindList(value: unknown): value is ProductKindInfo[] {
  return Array.isArray(value) && value.every((k) => k && typeof k === "object" && typeof (k as ProductKindInfo).key === "string");
}

/** The shop's product kinds, read once per mount (and again when the language changes: the labels are translated by the server). */
export function useProductKinds(): ProductKinds {
  const { lang } = useI18n();
  const labels = useCatalogLabels();
  const [served, setServed] = useState<ProductKindInfo[] | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    getCatalogSchema(controller.signal)
      .then((data) => {
        if (isKindList(data?.kinds)) setServed([...data.kinds].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key)));
      })
      // Not fatal: the form still offers the core's kinds, and the server checks whatever is sent.
      .catch(() => undefined);
    return () => controller.abort();
  }, [lang]);

  const list = useMemo<ProductKindInfo[]>(
    () => served ?? CORE_KINDS.map((k) => ({ ...k, label: labels.kind(k.key) })),
    [served, labels],
  );
  const byKey = useMemo(() => new Map(list.map((k) => [k.key, k])), [list]);
  const info = useCallback((key: ProductKind) => byKey.get(key), [byKey]);
  const label = useCallback((key: ProductKind) => byKey.get(key)?.label || labels.kind(key), [byKey, labels]);
  const isService = useCallback((key: ProductKind | null | undefined) => !!key && !!byKey.get(key)?.is_service, [byKey]);

  return useMemo(() => ({ list, loaded: served !== null, info, label, isService }), [list, served, info, label, isService]);
}

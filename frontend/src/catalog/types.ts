// Catalog API shapes (catalog/api/serializers.py). Money is a decimal string ("120.00").

/**
 * A product kind key: the core's "product" and "service", or one a plugin registers. The shop's
 * kinds come from the server (`GET products/schema/`, key `kinds`; see ./kinds.ts), never a fixed list.
 */
export type ProductKind = string;
export type CommissionType = "none" | "percent" | "fixed";

export const COMMISSION_TYPES: readonly CommissionType[] = ["none", "percent", "fixed"];

/** One product kind offered in this shop (catalog/api/serializers.py ProductKindSerializer). */
export interface ProductKindInfo {
  key: ProductKind;
  /** Already translated by the server (the request's Accept-Language). */
  label: string;
  /** Has stock levels; selling it moves stock. */
  tracks_stock: boolean;
  /** Behaves like a service: whole quantities, a duration and commission, billable by time. */
  is_service: boolean;
  order: number;
}

/** `GET products/schema/`: the JSON Schema of Product.extra and the kinds offered, in order. */
export interface CatalogSchema {
  schema: Record<string, unknown>;
  kinds: ProductKindInfo[];
}

export interface Store {
  id: number;
  name: string;
  code: string;
  address: string;
  phone: string;
  active: boolean;
}

export type StorePayload = Omit<Store, "id">;

export interface Category {
  id: number;
  name: string;
  parent: number | null;
  order: number;
}

export type CategoryPayload = Omit<Category, "id">;

export interface TierPrice {
  tier: number;
  tier_name?: string;
  price: string;
}

export interface Product {
  id: number;
  kind: ProductKind;
  name: string;
  sku: string | null;
  barcodes: string[];
  category: number | null;
  price: string;
  cost: string | null;
  tax_rate: string;
  unit: string;
  active: boolean;
  duration_minutes: number | null;
  commission_type: CommissionType;
  commission_value: string;
  tier_prices: TierPrice[];
  extra: Record<string, unknown>;
  image_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProductPayload {
  kind: ProductKind;
  name: string;
  sku: string | null;
  barcodes: string[];
  category: number | null;
  price: string;
  cost: string | null;
  tax_rate: string;
  unit: string;
  active: boolean;
  duration_minutes: number | null;
  commission_type: CommissionType;
  commission_value: string;
  tier_prices: { tier: number; price: string }[];
}

export interface ProductQuery {
  q?: string;
  category?: number;
  kind?: ProductKind;
  active?: "true" | "false";
  page?: number;
  page_size?: number;
}

// Catalog API shapes (catalog/api/serializers.py). Money is a decimal string ("120.00").

export type ProductKind = "product" | "service";
export type CommissionType = "none" | "percent" | "fixed";

export const PRODUCT_KINDS: readonly ProductKind[] = ["product", "service"];
export const COMMISSION_TYPES: readonly CommissionType[] = ["none", "percent", "fixed"];

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

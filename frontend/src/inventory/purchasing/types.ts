import type { StockMovement } from "../types";

// Suppliers and purchase orders (platform/inventory/api/serializers.py). Decimal strings throughout.

export interface Supplier {
  id: number;
  name: string;
  contact: string;
  phone: string;
  email: string;
  note: string;
  active: boolean;
  created_at?: string;
  updated_at?: string;
}

export type SupplierPayload = Pick<Supplier, "name" | "contact" | "phone" | "email" | "note" | "active">;

export type PurchaseOrderStatus = "draft" | "ordered" | "partially_received" | "received" | "cancelled";

export const PO_STATUSES: readonly PurchaseOrderStatus[] = ["draft", "ordered", "partially_received", "received", "cancelled"];

export interface PurchaseOrderLine {
  id: number;
  product: number;
  product_name: string;
  quantity: string;
  unit_cost: string;
  quantity_received: string;
  quantity_returned: string;
  /** Still expected ("0.000" once the order is closed). */
  outstanding: string;
}

export interface PurchaseOrder {
  id: number;
  number: string;
  store: number;
  store_name: string;
  supplier: number;
  supplier_name: string;
  status: PurchaseOrderStatus;
  expected_at: string | null;
  note: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  ordered_at: string | null;
  closed_at: string | null;
  /** Sum of quantity ordered × unit cost (money, 2 decimals). */
  total: string;
  lines: PurchaseOrderLine[];
  /** Detail only: the receipts and returns booked against the order. */
  movements?: StockMovement[];
}

export interface PurchaseOrderPayload {
  store: number;
  supplier: number;
  expected_at: string | null;
  note: string;
  lines: { product: number; quantity: string; unit_cost: string }[];
}

export interface DeliveryLinePayload {
  line: number;
  quantity: string;
  unit_cost?: string;
}

export interface PurchaseOrderQuery {
  status?: PurchaseOrderStatus;
  supplier?: number;
  store?: number;
  page?: number;
  page_size?: number;
}

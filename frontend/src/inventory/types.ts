// Inventory API shapes (platform/inventory/api/serializers.py). Quantities are decimal strings with
// three decimals ("10.000"), costs four ("12.5000"), money two; never floats.

export type MovementKind =
  | "receipt"
  | "sale"
  | "refund"
  | "return_to_supplier"
  | "adjustment"
  | "damage"
  | "transfer_out"
  | "transfer_in"
  | "reversal";

export const MOVEMENT_KINDS: readonly MovementKind[] = [
  "receipt",
  "sale",
  "refund",
  "return_to_supplier",
  "adjustment",
  "damage",
  "transfer_out",
  "transfer_in",
  "reversal",
];

/** Kinds a person may reverse (transfers and reversals themselves cannot be reversed). */
export const REVERSIBLE_KINDS: ReadonlySet<string> = new Set(["receipt", "sale", "refund", "return_to_supplier", "adjustment", "damage"]);

export interface StockLevel {
  id: number;
  store: number;
  store_name: string;
  product: number;
  product_name: string;
  on_hand: string;
  avg_cost: string;
  low_stock_threshold: string | null;
  low: boolean;
  updated_at: string;
}

export interface StockQuery {
  store?: number;
  product?: number;
  low?: boolean;
  page?: number;
  page_size?: number;
}

export interface MovementLine {
  product: number;
  product_name: string;
  quantity: string;
  unit_cost: string | null;
  on_hand_after: string;
}

export interface StockMovement {
  id: number;
  kind: MovementKind;
  store: number;
  actor: number | null;
  reason: string;
  source_type: string;
  source_id: string;
  reverses: number | null;
  reversed_by: number | null;
  created_at: string;
  lines: MovementLine[];
}

export interface MovementQuery {
  store?: number;
  product?: number;
  kind?: MovementKind;
  /** First and last day (YYYY-MM-DD, shop time), inclusive. */
  date_from?: string;
  date_to?: string;
  page?: number;
  page_size?: number;
}

export type TransferStatus = "in_transit" | "received";

export interface Transfer {
  id: number;
  from_store: number;
  to_store: number;
  status: TransferStatus;
  created_at: string;
  received_at: string | null;
  out_movement: StockMovement;
  in_movement: StockMovement | null;
}

export interface StockLinePayload {
  product: number;
  quantity: string;
}

export interface ReceiveLinePayload extends StockLinePayload {
  unit_cost: string;
}

export interface ReceivePayload {
  store: number;
  lines: ReceiveLinePayload[];
  reason: string;
}

export type RemovalKind = "damage" | "return_to_supplier" | "sale";

export interface RemovePayload {
  store: number;
  kind: RemovalKind;
  lines: StockLinePayload[];
  reason: string;
}

export interface AdjustPayload {
  store: number;
  product: number;
  counted: string;
  reason: string;
}

export interface TransferPayload {
  from_store: number;
  to_store: number;
  lines: StockLinePayload[];
  reason: string;
}

export interface InventorySettings {
  allow_negative_stock: boolean;
}

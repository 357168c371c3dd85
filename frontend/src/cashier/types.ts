// Shapes of the cashier and orders API (docs/orders.md). Money and quantities are decimal strings.

export interface StoreRef {
  id: number;
  name: string;
  code: string;
}

export interface StaffRef {
  id: number;
  name: string;
}

export interface CashierMode {
  key: string;
  label: string;
  icon?: string;
  description?: string;
  /** The plugin that registers the mode ("core" for the built-in ones). */
  plugin?: string;
  /** True when the till may ring the mode up without the server (queued, synced later). */
  offline?: boolean;
}

export interface CashierProduct {
  id: number;
  name: string;
  kind: string;
  sku: string | null;
  barcodes: string[];
  price: string;
  tax_rate: string;
  category: number | null;
  category_name: string | null;
  /** Tier id (as a string key) → price. */
  tier_prices: Record<string, string>;
  duration_minutes: number | null;
  unit: string;
  image_url: string | null;
  /** docs/orders.md; not sent by the server (any service can be checked in by time). */
  timed_rate?: string | null;
}

export interface CashierTier {
  id: number;
  name: string;
  discount_rate: string | null;
}

export interface PointsConfig {
  enabled: boolean;
  spend_unit: string;
  points_per_unit: string;
  point_value: string;
}

export interface CashierBootstrap {
  generated_at: string;
  currency: string;
  /** docs/orders.md; derived from the currency when missing. */
  currency_decimals?: number;
  cash_rounding: string;
  prices_include_tax: boolean;
  timed_step_minutes?: number;
  timed_grace_minutes?: number;
  max_manual_discount_percent?: string;
  /** Null when the shop has no active store the user may sell in. */
  store: StoreRef | null;
  stores: StoreRef[];
  staff: StaffRef[];
  modes: CashierMode[];
  products: CashierProduct[];
  tiers: CashierTier[];
  points: PointsConfig;
  can_discount: boolean;
  can_refund: boolean;
}

/** One member of the compact offline index. */
export interface MemberIndexEntry {
  id: number;
  name: string;
  phone: string;
  phone_display?: string;
  member_no: string | null;
  tier: number | null;
  cards: string[];
}

export interface MemberIndexPage {
  results: MemberIndexEntry[];
  /** A cursor (URL, id or token) for the next page, or null. */
  next: string | number | null;
}

// ---- Order request ----

export interface StaffShare {
  user: number;
  share: string;
}

export interface ProductLineInput {
  kind?: "product";
  product: number;
  quantity: string;
  staff?: StaffShare[];
}

export interface QuickLineInput {
  kind: "quick";
  amount: string;
  description: string;
  staff?: StaffShare[];
}

export interface CountCardLineInput {
  kind: "count_card";
  card: number;
  service: string;
  sessions: number;
  staff?: StaffShare[];
}

export interface TimedLineInput {
  kind: "timed";
  session: number;
  staff?: StaffShare[];
}

export type LineInput = ProductLineInput | QuickLineInput | CountCardLineInput | TimedLineInput;

export interface ManualDiscount {
  type: "percent" | "amount";
  value: string;
  reason: string;
}

export type PaymentMethod = "cash" | "card" | "stored_value" | "points" | "other";
export const PAYMENT_METHODS: readonly PaymentMethod[] = ["cash", "card", "stored_value", "points", "other"];
export const OFFLINE_METHODS: readonly PaymentMethod[] = ["cash", "card", "other"];

export interface PaymentInput {
  method: PaymentMethod;
  amount?: string;
  card?: number;
  points?: string;
  reference?: string;
}

export interface OrderBody {
  store: number;
  mode: string;
  customer: number | null;
  lines: LineInput[];
  coupon_code?: string;
  manual_discount?: ManualDiscount;
  note?: string;
}

export interface CheckoutBody extends OrderBody {
  client_id: string;
  payments: PaymentInput[];
  offline_created_at?: string;
}

// ---- Order response (orders/api/serializers.py; docs/orders.md shapes kept as fallbacks) ----

export interface Commission {
  staff: number;
  name: string;
  share: string;
  amount: string;
  refund: number | null;
}

export interface OrderLine {
  id?: number;
  position?: number;
  kind: string;
  product?: number | null;
  name: string;
  quantity: string;
  list_price?: string;
  unit_price: string;
  gross: string;
  tier_discount?: string;
  coupon_discount?: string;
  manual_discount?: string;
  net: string;
  tax: string;
  tax_rate?: string;
  refunded_quantity?: string;
  refunded_amount?: string;
  card?: number | null;
  service?: string;
  commissions?: Commission[];
  /** docs/orders.md shape. */
  staff?: { user: number; name: string; share: string; commission?: string }[];
}

export interface OrderPayment {
  id?: number;
  method: PaymentMethod | string;
  amount: string;
  tendered?: string | null;
  reference?: string;
  card?: number | null;
  points?: string | null;
  refunded_amount?: string;
}

export interface Balances {
  stored_value?: string | null;
  points?: string | null;
  sessions?: Record<string, string | number>;
  [key: string]: unknown;
}

export interface RefundLineOut {
  line: number;
  quantity: string;
  amount: string;
}

export interface RefundPaymentOut {
  payment: number;
  method: string;
  amount: string;
  points: string | null;
}

export interface Refund {
  id: number;
  client_id: string;
  kind: "refund" | "void" | string;
  amount: string;
  reason: string;
  actor: number | null;
  points_taken_back?: string;
  points_shortfall?: string;
  coupon_restored?: boolean;
  created_at: string;
  lines: RefundLineOut[];
  payments: RefundPaymentOut[];
}

export interface Quote {
  lines: OrderLine[];
  subtotal: string;
  tier_discount?: string;
  coupon_discount?: string;
  manual_discount?: string;
  /** docs/orders.md; the server sends the three parts above instead. */
  discount_total?: string;
  tax_total: string;
  rounding: string;
  total: string;
  prices_include_tax?: boolean;
  points_to_earn?: string;
}

export interface OrderSummary {
  id: number;
  client_id: string;
  number: string;
  status: string;
  mode: string;
  store: number | StoreRef;
  store_name?: string;
  customer: number | { id: number; name: string; member_no: string | null } | null;
  customer_name?: string | null;
  cashier: number | StaffRef | null;
  cashier_name?: string | null;
  total: string;
  refunded_total: string;
  created_at: string;
  offline_created_at?: string | null;
}

export interface Order extends OrderSummary, Quote {
  customer_member_no?: string | null;
  manual_discount_reason?: string;
  paid: string;
  change: string;
  coupon?: number | null;
  points_earned: string;
  balances_after: Balances | null;
  note?: string;
  payments: OrderPayment[];
  refunds: Refund[];
}

export interface SyncResult {
  client_id: string;
  status: "created" | "duplicate" | "error";
  order: Order | null;
  error: { detail?: string; message?: string; code?: string; fields?: Record<string, string[] | string> } | null;
}

export interface TimedSession {
  id: number;
  store: number;
  product: number;
  product_name?: string;
  customer: number | null;
  customer_name?: string | null;
  card: number | null;
  label: string;
  status: "open" | "closed" | "billed" | "cancelled" | string;
  started_at: string;
  ended_at: string | null;
  minutes: number | null;
  billed_minutes: number | null;
  amount: string | null;
  order_line?: number | null;
}

// Types of the loyalty API (card types, top-up rules, cards, ledger, settings).
// Money and quantities are decimal strings ("1000.00"); the server does all arithmetic.

export type CardKind = "stored_value" | "discount" | "count" | "time";
export type CardStatus = "active" | "frozen" | "lost" | "replaced" | "expired";
export type AccountKind = "principal" | "bonus" | "points" | "sessions" | "minutes";
export type SpendOrder = "bonus_first" | "principal_first";

export const CARD_KINDS: readonly CardKind[] = ["stored_value", "discount", "count", "time"];
export const ACCOUNT_KINDS: readonly AccountKind[] = ["principal", "bonus", "points", "sessions", "minutes"];
export const TRANSACTION_KINDS = [
  "issue",
  "top_up",
  "spend",
  "earn",
  "redeem",
  "consume",
  "adjustment",
  "import",
  "expiry",
  "reversal",
] as const;

export interface CardTypeService {
  service: string;
  sessions: number;
}

export interface CardType {
  id: number;
  name: string;
  kind: CardKind;
  price: string;
  /** Price multiplier, e.g. "0.900" for 10% off; null when not a discount card. */
  discount_rate: string | null;
  minutes: number | null;
  validity_days: number | null;
  earns_points: boolean;
  active: boolean;
  services: CardTypeService[];
}

export type CardTypePayload = Omit<CardType, "id">;

export interface TopUpRule {
  id: number;
  name: string;
  card_type: number | null;
  min_amount: string;
  bonus_amount: string;
  bonus_percent: string;
  starts_at: string | null;
  ends_at: string | null;
  active: boolean;
}

export type TopUpRulePayload = Omit<TopUpRule, "id">;

export interface TopUpPreview {
  amount: string;
  bonus: string;
  total: string;
  rule: { id: number; name: string } | null;
}

export interface StoredValueBalances {
  principal: string;
  bonus: string;
  total: string;
}

export type CardBalances =
  | StoredValueBalances
  | { sessions: Record<string, string | number> }
  | { minutes: string | number | null }
  | Record<string, never>;

export interface CardSummary {
  id: number;
  number: string;
  status: CardStatus;
  issued_at: string;
  expires_at: string | null;
  card_type: { id: number; name: string; kind: CardKind; discount_rate: string | null };
  balances: CardBalances | null;
  /** Number of the card that replaced this one. */
  replaced_by: string | null;
}

export interface CardDetail extends CardSummary {
  customer: { id: number; name: string; member_no: string | null };
}

export interface LedgerTransactionInfo {
  id: number;
  kind: string;
  reason: string;
  actor: string | { id: number | string; name: string; email?: string } | null;
  source_type: string;
  source_id: string;
  amount_paid: string | null;
  reversed: boolean;
  reverses: number | null;
}

export interface LedgerEntry {
  id: number;
  created_at: string;
  account: { id: number; kind: AccountKind; service: string; card_number: string | null };
  amount: string;
  balance_after: string;
  transaction: LedgerTransactionInfo;
}

export interface CardOperationResult {
  transaction: unknown;
  card: CardDetail;
}

export interface LoyaltySettings {
  member_no_prefix: string;
  spend_order: SpendOrder;
}

export function isStoredValueBalances(b: CardBalances | null | undefined): b is StoredValueBalances {
  return !!b && typeof b === "object" && "principal" in b && "bonus" in b;
}

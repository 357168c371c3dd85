// Points API shapes (loyalty/api/points.py). Decimals are strings.

export type Rounding = "down" | "half_up" | "up";
export const ROUNDINGS: readonly Rounding[] = ["down", "half_up", "up"];

export interface PointsSettings {
  enabled: boolean;
  spend_unit: string;
  points_per_unit: string;
  rounding: Rounding;
  fractional: boolean;
  point_value: string;
  expiry_days: number | null;
  signup_bonus: string;
  referral_bonus: string;
  birthday_bonus: string;
}

export type PointsRuleScope = "product" | "category";
export const RULE_SCOPES: readonly PointsRuleScope[] = ["product", "category"];

export interface PointsRule {
  id: number;
  scope: PointsRuleScope;
  value: string;
  multiplier: string;
  active: boolean;
  created_at: string;
}

export type PointsRulePayload = Omit<PointsRule, "id" | "created_at">;

export interface PointsLot {
  id: number;
  points: string;
  remaining: string;
  expires_at: string | null;
}

export interface PointsSummary {
  available: string;
  reserved: string;
  balance: string;
  value: string;
  point_value: string;
  fractional: boolean;
  lots: PointsLot[];
}

export interface RedeemResult {
  transaction: { id: number; kind: string; points: string; reason: string; created_at: string } | null;
  points: string;
  value: string;
  replayed: boolean;
  balance: PointsSummary;
}

// Tier API shapes (loyalty/api/tiers.py).

export interface Tier {
  id: number;
  name: string;
  rank: number;
  min_spend: string | null;
  min_points: string | null;
  /** Price multiplier, e.g. "0.900" for 10% off; null for none. */
  discount_rate: string | null;
  points_multiplier: string;
  birthday_gift: string;
  birthday_points: string;
  active: boolean;
}

export type TierPayload = Omit<Tier, "id">;

export interface TierSettings {
  window_days: number;
  allow_downgrade: boolean;
}

export interface TierChange {
  id: number;
  from_tier: string | null;
  to_tier: string | null;
  kind: "auto" | "manual";
  reason: string;
  actor: string | null;
  at: string;
}

export interface CustomerTierState {
  tier: Tier | null;
  manual: boolean;
  since: string | null;
  window: { spend: string; points: string; since: string | null };
  history: TierChange[];
}

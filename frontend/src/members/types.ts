import type { CardSummary } from "../loyalty/types";

export type Gender = "" | "female" | "male" | "other";
export const GENDERS: readonly Gender[] = ["", "female", "male", "other"];

export interface CustomerSummary {
  id: number;
  name: string;
  phone: string;
  member_no: string | null;
  is_member: boolean;
  tags: string[];
  last_visit_at: string | null;
  created_at: string;
}

export interface CustomerDetail extends CustomerSummary {
  email: string;
  birthday: string | null;
  gender: Gender;
  address: string;
  notes: string;
  home_store: string;
  consent_sms: boolean;
  consent_email: boolean;
  referrer: { id: number; name: string } | null;
  extra: Record<string, unknown>;
  joined_at: string | null;
  updated_at: string;
  cards: CardSummary[];
  /** Only in the answer to a create. */
  possible_duplicates?: CustomerSummary[];
}

export interface CustomerPayload {
  name: string;
  phone: string;
  email: string;
  birthday: string | null;
  gender: Gender;
  address: string;
  notes: string;
  tags: string[];
  consent_sms: boolean;
  consent_email: boolean;
}

export interface CustomerQuery {
  q?: string;
  is_member?: "true" | "false";
  tag?: string;
  page?: number;
}

export interface LedgerQuery {
  card?: number;
  kind?: string;
  page?: number;
}

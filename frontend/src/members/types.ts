import type { CardSummary } from "../loyalty/types";

export type Gender = "" | "female" | "male" | "other";
export const GENDERS: readonly Gender[] = ["", "female", "male", "other"];

export interface CustomerSummary {
  id: number;
  name: string;
  phone: string;
  /** As staff read it: national form for the shop's country (0912 345 678), else international. */
  phone_display?: string;
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
  /** Where the photo is served (signed-in staff only), or null. */
  photo_url?: string | null;
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
  /** Sent only when the shop's field schema is known (the server replaces extra as a whole). */
  extra?: Record<string, unknown>;
}

export interface CustomerQuery {
  q?: string;
  is_member?: "true" | "false";
  tag?: string;
  page?: number;
  /** Custom field filter: cf_<key>=<value>. */
  [customField: `cf_${string}`]: string | undefined;
}

export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

export interface ImportResult {
  batch: string;
  total: number;
  valid: number;
  errors: ImportRowError[];
  ignored_columns: string[];
  already_imported: number;
  /** Only after a commit. */
  imported?: number;
  cards?: number;
}

export interface LedgerQuery {
  card?: number;
  kind?: string;
  page?: number;
}

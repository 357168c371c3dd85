export type Stage = "password" | "enroll" | "verify" | "verified";

export interface VendorUser {
  email: string;
  name: string;
  role: "admin" | "support";
  recovery_codes_left: number;
}

export interface VendorSession {
  stage: Stage;
  user: VendorUser | null;
  recovery_codes?: string[];
}

export interface Enrollment {
  secret: string;
  otpauth_uri: string;
}

export interface Money {
  amount: string;
  currency: string;
}

export interface ChurnMonth {
  month: string;
  active_at_start: number;
  cancelled: number;
  new: number;
  churn_rate: number | null;
}

export interface Metrics {
  mrr: Money[];
  active_tenants: number;
  suspended_tenants: number;
  trials: number;
  paying_tenants: number;
  seats: number;
  deletions_scheduled: number;
  churn: ChurnMonth[];
}

export interface Option {
  value: string;
  label: string;
}

export interface VendorOptions {
  trades: Option[];
  plans: (Option & { currency: string })[];
  statuses: string[];
  billing_statuses: string[];
  plugins: string[];
  support_minutes: { default: number; min: number; max: number };
  deletion_grace_days: number;
}

export interface TenantRow {
  id: number;
  name: string;
  subdomain: string;
  schema_name: string;
  state: "active" | "suspended";
  trade: string;
  owner_email: string;
  language: string;
  currency: string;
  created_on: string;
  activated_on: string | null;
  last_activity_at: string | null;
  deletion_due_at: string | null;
  url: string | null;
  billing_status: string | null;
  plan: { code: string; name: string; currency: string } | null;
  seats: number;
  seats_wanted: number;
  mrr: Money | null;
  trial_ends_at: string | null;
  canceled_at: string | null;
}

export interface PluginRow {
  name: string;
  version: string;
  description: string;
  default: boolean;
  enabled: boolean;
}

export interface ExportRow {
  id: number;
  tenant: number;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  tables_total: number;
  tables_done: number;
  rows: number;
  size: number;
  error: string;
  created_at: string;
  finished_at: string | null;
  requested_by: string | null;
  download: string | null;
}

export interface GrantRow {
  id: number;
  tenant: number | null;
  tenant_label: string;
  vendor_email: string;
  vendor_name: string;
  reason: string;
  started_at: string;
  expires_at: string;
  ended_at: string | null;
  ended_by: "" | "vendor" | "owner";
  ended_by_email: string;
  active: boolean;
}

export interface DeletionRow {
  id: number;
  status: "scheduled" | "cancelled" | "done";
  reason: string;
  requested_by_email: string;
  requested_at: string;
  due_at: string;
  cancelled_at: string | null;
  cancelled_by_email: string;
  executed_at: string | null;
}

export interface HistoryRow {
  at: string;
  action: string;
  actor: string | null;
  reason: string;
  after: Record<string, unknown>;
}

export interface TenantDetail extends TenantRow {
  time_zone: string;
  domains: string[];
  staff: number;
  staff_total: number;
  plugins: PluginRow[];
  deletion: DeletionRow | null;
  exports: ExportRow[];
  support_grants: GrantRow[];
  history: HistoryRow[];
}

export interface TenantFilters {
  q?: string;
  status?: string;
  billing?: string;
  trade?: string;
  plan?: string;
  ordering?: string;
}

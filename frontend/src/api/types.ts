export type Role = "owner" | "manager" | "cashier";

export interface Option {
  value: string;
  label: string;
}

export interface SignupOptions {
  trades: Option[];
  languages: Option[];
  currencies: Option[];
  time_zones: string[];
  base_domain: string;
}

export interface SignupPayload {
  shop_name: string;
  subdomain: string;
  email: string;
  password: string;
  trade: string;
  language: string;
  currency: string;
  time_zone: string;
}

export interface SignupResult {
  tenant: { name: string; subdomain: string; url: string };
  login_url: string;
}

export interface SubdomainCheck {
  available: boolean;
  reason?: string;
}

export interface SessionUser {
  id: number | string;
  email: string;
  name: string;
  role: Role;
  language: string;
}

export interface SessionTenant {
  name: string;
  subdomain: string;
  trade: string;
  currency: string;
  time_zone: string;
  language: string;
}

export interface MenuItem {
  key: string;
  label: string;
  path: string;
  icon: string;
  order: number;
}

export interface Session {
  authenticated: boolean;
  user: SessionUser | null;
  tenant: SessionTenant;
  menu: MenuItem[];
}

export interface StaffMember {
  id: number | string;
  email: string;
  name: string;
  role: Role;
  is_active: boolean;
  invitation_pending: boolean;
  /** Ids of the stores this person works in; empty: every store. */
  stores: number[];
  last_login: string | null;
  date_joined: string | null;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface InvitationCreated {
  user: StaffMember;
  invite_url: string;
}

export interface InvitationInfo {
  email: string;
  name: string;
  role: Role;
  tenant: { name: string };
}

export interface Plugin {
  name: string;
  version: string;
  default: boolean;
  enabled: boolean;
  description: string;
}

import { api } from "./client";
import type {
  InvitationCreated,
  InvitationInfo,
  Page,
  Plugin,
  Role,
  Session,
  SignupOptions,
  SignupPayload,
  SignupResult,
  StaffMember,
  SubdomainCheck,
} from "./types";

// Public host
export const getSignupOptions = (signal?: AbortSignal) => api.get<SignupOptions>("signup/options/", { signal });
export const checkSubdomain = (subdomain: string) =>
  api.get<SubdomainCheck>("signup/check-subdomain/", { query: { subdomain } });
export const signup = (payload: SignupPayload) => api.post<SignupResult>("signup/", payload);

// Tenant host: auth
export const getSession = () => api.get<Session>("auth/session/");
export const login = (email: string, password: string) => api.post<Session>("auth/login/", { email, password });
export const logout = () => api.post<void>("auth/logout/");
export const setUserLanguage = (language: string) => api.post<void>("auth/language/", { language });
export const getInvitation = (token: string) =>
  api.get<InvitationInfo>(`auth/invitations/${encodeURIComponent(token)}/`);
export const acceptInvitation = (token: string, password: string) =>
  api.post<Session>("auth/invitations/accept/", { token, password });

// Tenant host: staff & settings
export const listStaff = (page: number) => api.get<Page<StaffMember>>("staff/", { query: { page } });
export const inviteStaff = (payload: { email: string; name: string; role: Role; stores?: number[] }) =>
  api.post<InvitationCreated>("staff/invitations/", payload);
/** Limit a staff member to some stores; an empty list means every store. */
export const setStaffStores = (id: number | string, stores: number[]) => api.patch<StaffMember>(`staff/${id}/`, { stores });
export const setStaffActive = (id: number | string, active: boolean) =>
  api.post<StaffMember>(`staff/${id}/${active ? "activate" : "deactivate"}/`, {});
export const listPlugins = () => api.get<{ plugins: Plugin[] }>("plugins/");
export interface ShopProfile {
  name: string;
  language: string;
  time_zone: string;
  subdomain: string;
  currency: string;
  trade: string;
}
/** The owner changes the shop's name, language and time zone (currency and address are fixed). */
export const updateShopProfile = (changes: Partial<Pick<ShopProfile, "name" | "language" | "time_zone">>) =>
  api.patch<ShopProfile>("shop/", changes);

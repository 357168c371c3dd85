// The vendor console API (public host, /api/v1/vendor/).
import { api, downloadFile, saveBlob } from "../api/client";
import type { Page } from "../api/types";
import type {
  Enrollment,
  ExportRow,
  GrantRow,
  Metrics,
  PluginRow,
  TenantDetail,
  TenantFilters,
  TenantRow,
  VendorOptions,
  VendorSession,
} from "./types";

const V = "vendor/";

function compact(query: object): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") out[k] = v as string | number;
  return out;
}

// Log-in: password, then TOTP (or enrolment on first log-in)
export const getVendorSession = () => api.get<VendorSession>(`${V}auth/session/`);
export const vendorLogin = (email: string, password: string) => api.post<VendorSession>(`${V}auth/login/`, { email, password });
export const getEnrollment = () => api.get<Enrollment>(`${V}auth/enrollment/`);
export const confirmEnrollment = (code: string) => api.post<VendorSession>(`${V}auth/enrollment/`, { code });
export const verifySecondFactor = (payload: { code?: string; recovery_code?: string }) =>
  api.post<VendorSession>(`${V}auth/verify/`, payload);
export const vendorLogout = () => api.post<void>(`${V}auth/logout/`);

// Dashboard and lists
export const getOptions = () => api.get<VendorOptions>(`${V}options/`);
export const getMetrics = (months = 12) => api.get<Metrics>(`${V}metrics/`, { query: { months } });
export const listTenants = (filters: TenantFilters & { page?: number; page_size?: number }, signal?: AbortSignal) =>
  api.get<Page<TenantRow>>(`${V}tenants/`, { query: compact(filters), signal });
export const getTenant = (id: number | string) => api.get<TenantDetail>(`${V}tenants/${id}/`);

// Actions on a tenant
export const suspendTenant = (id: number, reason: string) => api.post<TenantDetail>(`${V}tenants/${id}/suspend/`, { reason });
export const resumeTenant = (id: number) => api.post<TenantDetail>(`${V}tenants/${id}/resume/`, {});
export const setPlugin = (id: number, plugin: string, enabled: boolean) =>
  api.post<{ plugins: PluginRow[] }>(`${V}tenants/${id}/plugins/`, { plugin, enabled });
export const startExport = (id: number) => api.post<ExportRow>(`${V}tenants/${id}/exports/`);
export const listExports = (id: number) => api.get<{ results: ExportRow[] }>(`${V}tenants/${id}/exports/`);
export async function downloadExport(exportId: number): Promise<void> {
  const { blob, filename } = await downloadFile(`${V}exports/${exportId}/download/`);
  saveBlob(blob, filename);
}
export const scheduleDeletion = (id: number, confirm: string, reason: string) =>
  api.post<TenantDetail>(`${V}tenants/${id}/deletion/`, { confirm, reason });
export const cancelDeletion = (id: number) => api.post<TenantDetail>(`${V}tenants/${id}/deletion/cancel/`);
export const openSupport = (id: number, reason: string, minutes: number) =>
  api.post<{ grant: GrantRow; enter_url: string }>(`${V}tenants/${id}/support/`, { reason, minutes });
export const reenterSupport = (grantId: number) =>
  api.post<{ grant: GrantRow; enter_url: string }>(`${V}support-grants/${grantId}/enter/`);
export const endSupport = (grantId: number) => api.post<GrantRow>(`${V}support-grants/${grantId}/end/`);

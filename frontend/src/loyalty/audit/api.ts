import { api } from "../../api/client";
import type { Page } from "../../api/types";

export interface AuditEntry {
  id: number;
  created_at: string;
  actor: string | null;
  action: string;
  target_type: string;
  target_id: string;
  reason: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface AuditQuery {
  page?: number;
  action?: string;
  target_type?: string;
  target_id?: string;
}

export const listAuditLog = (query: AuditQuery, signal?: AbortSignal) => {
  const clean: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") clean[k] = v as string | number;
  return api.get<Page<AuditEntry>>("audit-log/", { query: clean, signal });
};

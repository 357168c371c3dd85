import { api, idempotent } from "../../api/client";
import type { Page } from "../../api/types";
import { listOf } from "../api";
import type { PointsRule, PointsRulePayload, PointsSettings, PointsSummary, RedeemResult } from "./types";

export const getPointsSettings = () => api.get<PointsSettings>("points/settings/");
export const updatePointsSettings = (payload: Partial<PointsSettings>) => api.patch<PointsSettings>("points/settings/", payload);

export const listPointsRules = () =>
  api.get<PointsRule[] | Page<PointsRule>>("points/rules/", { query: { page_size: 200 } }).then(listOf);
export const createPointsRule = (payload: PointsRulePayload) => api.post<PointsRule>("points/rules/", payload);
export const updatePointsRule = (id: number, payload: Partial<PointsRulePayload>) =>
  api.patch<PointsRule>(`points/rules/${id}/`, payload);
export const deletePointsRule = (id: number) => api.delete(`points/rules/${id}/`);

export const getCustomerPoints = (customerId: number, signal?: AbortSignal) =>
  api.get<PointsSummary>(`customers/${customerId}/points/`, { signal });
export const redeemPoints = (customerId: number, points: string, key: string) =>
  api.post<RedeemResult>(`customers/${customerId}/points/redeem/`, { points }, idempotent(key));

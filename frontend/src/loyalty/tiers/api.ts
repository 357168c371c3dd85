import { api } from "../../api/client";
import type { Page } from "../../api/types";
import { listOf } from "../api";
import type { CustomerTierState, Tier, TierPayload, TierSettings } from "./types";

export const listTiers = () => api.get<Tier[] | Page<Tier>>("tiers/", { query: { page_size: 200 } }).then(listOf);
export const createTier = (payload: TierPayload) => api.post<Tier>("tiers/", payload);
export const updateTier = (id: number, payload: Partial<TierPayload>) => api.patch<Tier>(`tiers/${id}/`, payload);
/** 204 when deleted; a tier customers have (had) is deactivated instead (200 with the tier). */
export const deleteTier = (id: number) => api.delete<Tier | undefined>(`tiers/${id}/`);
export const getTierSettings = () => api.get<TierSettings>("tiers/settings/");
export const updateTierSettings = (payload: Partial<TierSettings>) => api.patch<TierSettings>("tiers/settings/", payload);

export const getCustomerTier = (customerId: number, signal?: AbortSignal) =>
  api.get<CustomerTierState>(`customers/${customerId}/tier/`, { signal });
/** tier=null returns the customer to automatic evaluation. */
export const overrideCustomerTier = (customerId: number, tier: number | null, reason: string) =>
  api.post<CustomerTierState>(`customers/${customerId}/tier/`, { tier, reason });

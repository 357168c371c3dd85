import { api } from "../../api/client";
import type { Page } from "../../api/types";
import { compact } from "../api";
import type { Stocktake, StocktakeDetail, StocktakeQuery } from "./types";

// Any staff starts, counts and submits; owners and managers approve (books one adjustment),
// reopen and cancel. Approving twice has one effect (the server keys it by the stocktake).
export const listStocktakes = (query: StocktakeQuery, signal?: AbortSignal) =>
  api.get<Page<Stocktake>>("stocktakes/", { query: compact({ ...query }), signal });
export const getStocktake = (id: number, signal?: AbortSignal) => api.get<StocktakeDetail>(`stocktakes/${id}/`, { signal });
export const startStocktake = (payload: { store: number; category: number | null; note: string }) =>
  api.post<StocktakeDetail>("stocktakes/", payload);
/** Counts from the count sheet; `counted: null` clears a count entered by mistake. */
export const enterCounts = (id: number, lines: { product: number; counted: string | null }[]) =>
  api.patch<StocktakeDetail>(`stocktakes/${id}/lines/`, { lines });
export const submitStocktake = (id: number) => api.post<StocktakeDetail>(`stocktakes/${id}/submit/`);
export const approveStocktake = (id: number) => api.post<StocktakeDetail>(`stocktakes/${id}/approve/`);
export const reopenStocktake = (id: number, reason: string) => api.post<StocktakeDetail>(`stocktakes/${id}/reopen/`, { reason });
export const cancelStocktake = (id: number, reason: string) => api.post<StocktakeDetail>(`stocktakes/${id}/cancel/`, { reason });

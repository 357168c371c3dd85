import { api, idempotent } from "../api/client";
import type { Page } from "../api/types";
import type {
  CardDetail,
  CardOperationResult,
  CardType,
  CardTypePayload,
  LoyaltySettings,
  TopUpPreview,
  TopUpRule,
  TopUpRulePayload,
} from "./types";

/** List endpoints may answer with a bare array or a page; take the results either way. */
export function listOf<T>(data: T[] | Page<T>): T[] {
  return Array.isArray(data) ? data : data.results;
}

// Card types
export const listCardTypes = () => api.get<CardType[] | Page<CardType>>("card-types/").then(listOf);
export const createCardType = (payload: CardTypePayload) => api.post<CardType>("card-types/", payload);
export const updateCardType = (id: number, payload: Partial<CardTypePayload>) =>
  api.patch<CardType>(`card-types/${id}/`, payload);

// Top-up rules
export const listTopUpRules = () => api.get<TopUpRule[] | Page<TopUpRule>>("top-up-rules/").then(listOf);
export const createTopUpRule = (payload: TopUpRulePayload) => api.post<TopUpRule>("top-up-rules/", payload);
export const updateTopUpRule = (id: number, payload: Partial<TopUpRulePayload>) =>
  api.patch<TopUpRule>(`top-up-rules/${id}/`, payload);
export const deleteTopUpRule = (id: number) => api.delete(`top-up-rules/${id}/`);
export const previewTopUp = (cardType: number, amount: string, signal?: AbortSignal) =>
  api.get<TopUpPreview>("top-up-rules/preview/", { query: { card_type: cardType, amount }, signal });

// Cards (money-changing calls carry an Idempotency-Key)
export const issueCard = (payload: { customer: number; card_type: number; number?: string }, key: string) =>
  api.post<CardDetail>("cards/", payload, idempotent(key));
export const getCard = (id: number) => api.get<CardDetail>(`cards/${id}/`);
export const topUpCard = (id: number, amount: string, key: string) =>
  api.post<CardOperationResult>(`cards/${id}/top-up/`, { amount }, idempotent(key));
export const spendCard = (id: number, amount: string, key: string) =>
  api.post<CardOperationResult>(`cards/${id}/spend/`, { amount }, idempotent(key));
export const adjustCard = (
  id: number,
  payload: { principal_delta: string; bonus_delta: string; reason: string },
  key: string,
) => api.post<CardOperationResult>(`cards/${id}/adjust/`, payload, idempotent(key));
/** Count card: {service, sessions}; time card: {minutes}. */
export const consumeCard = (id: number, payload: { service: string; sessions: number } | { minutes: number }, key: string) =>
  api.post<CardOperationResult>(`cards/${id}/consume/`, payload, idempotent(key));
export type CardStatusAction = "freeze" | "unfreeze" | "report-loss";
export const changeCardStatus = (id: number, action: CardStatusAction, reason: string) =>
  api.post<CardDetail>(`cards/${id}/${action}/`, { reason });
export const replaceCard = (id: number, payload: { number?: string; reason: string }, key: string) =>
  api.post<CardDetail>(`cards/${id}/replace/`, payload, idempotent(key));

// Ledger & settings
export const refundTransaction = (id: number, reason: string, key: string) =>
  api.post<unknown>(`ledger-transactions/${id}/refund/`, { reason }, idempotent(key));
export const getLoyaltySettings = () => api.get<LoyaltySettings>("loyalty-settings/");
export const updateLoyaltySettings = (payload: Partial<LoyaltySettings>) =>
  api.patch<LoyaltySettings>("loyalty-settings/", payload);

import { useCallback } from "react";
import { useI18n } from "../i18n";

/** Translated labels of server codes (card kinds, statuses, ledger kinds); unknown codes pass through. */
export function useLoyaltyLabels() {
  const { tOpt } = useI18n();
  return {
    cardKind: useCallback((code: string) => tOpt(`cardKind.${code}`, code), [tOpt]),
    cardStatus: useCallback((code: string) => tOpt(`cardStatus.${code}`, code), [tOpt]),
    accountKind: useCallback((code: string) => tOpt(`accountKind.${code}`, code), [tOpt]),
    txKind: useCallback((code: string) => tOpt(`txKind.${code}`, code), [tOpt]),
  };
}

export function cardStatusColor(status: string): string {
  if (status === "active") return "success";
  if (status === "frozen") return "blue";
  if (status === "lost") return "error";
  if (status === "replaced" || status === "expired") return "default";
  return "default";
}

/** Roles that may unfreeze, replace, adjust and refund. */
export function isManagerRole(role: string | undefined): boolean {
  return role === "owner" || role === "manager";
}

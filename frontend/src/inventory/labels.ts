import { useCallback, useMemo } from "react";
import { useI18n } from "../i18n";

/** Translated labels of inventory codes (movement kinds, statuses); unknown codes pass through. */
export function useInventoryLabels() {
  const { tOpt } = useI18n();
  const movementKind = useCallback((code: string) => tOpt(`inventory.kind.${code}`, code), [tOpt]);
  const transferStatus = useCallback((code: string) => tOpt(`inventory.transferStatus.${code}`, code), [tOpt]);
  const poStatus = useCallback((code: string) => tOpt(`inventory.poStatus.${code}`, code), [tOpt]);
  const stocktakeStatus = useCallback((code: string) => tOpt(`inventory.stocktakeStatus.${code}`, code), [tOpt]);
  const movementSource = useCallback((code: string) => tOpt(`inventory.source.${code}`, code), [tOpt]);
  return useMemo(
    () => ({ movementKind, transferStatus, poStatus, stocktakeStatus, movementSource }),
    [movementKind, transferStatus, poStatus, stocktakeStatus, movementSource],
  );
}

export function movementKindColor(kind: string): string {
  switch (kind) {
    case "receipt":
    case "transfer_in":
      return "green";
    case "sale":
      return "blue";
    case "refund":
      return "cyan";
    case "damage":
      return "red";
    case "return_to_supplier":
      return "orange";
    case "adjustment":
      return "purple";
    case "transfer_out":
      return "geekblue";
    case "reversal":
      return "default";
    default:
      return "default";
  }
}

export function statusColor(status: string): string {
  switch (status) {
    case "draft":
    case "counting":
    case "open":
      return "default";
    case "placed":
    case "ordered":
    case "submitted":
    case "in_transit":
      return "processing";
    case "partially_received":
    case "partial":
      return "warning";
    case "received":
    case "approved":
    case "completed":
      return "success";
    case "cancelled":
      return "error";
    default:
      return "default";
  }
}

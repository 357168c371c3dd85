import { useCallback, useMemo } from "react";
import { useI18n } from "../i18n";

/** Translated labels of catalog codes (product kinds, commission types); unknown codes pass through. */
export function useCatalogLabels() {
  const { tOpt } = useI18n();
  const kind = useCallback((code: string) => tOpt(`productKind.${code}`, code), [tOpt]);
  const commission = useCallback((code: string) => tOpt(`commissionType.${code}`, code), [tOpt]);
  return useMemo(() => ({ kind, commission }), [kind, commission]);
}

import { useEffect, useState } from "react";
import { getCustomerPoints } from "../loyalty/points/api";
import type { PointsSummary } from "../loyalty/points/types";
import { getCustomerTier } from "../loyalty/tiers/api";
import { isStoredValueBalances, type CardSummary } from "../loyalty/types";
import { getCustomer } from "../members/api";
import type { CustomerDetail } from "../members/types";
import { noteResult } from "./connectivity";
import { ZERO, dec, fmt, sum } from "./decimal";

export interface MemberDetails {
  detail: CustomerDetail | null;
  points: PointsSummary | null;
  /** The member's current tier from the server (undefined until known). */
  tier?: { id: number; name: string } | null;
  loading: boolean;
  /** True when the balances could not be loaded (offline). */
  unavailable: boolean;
}

const EMPTY: MemberDetails = { detail: null, points: null, loading: false, unavailable: false };

/** Cards with balances and points of the attached member (online only). */
export function useMemberDetails(memberId: number | null, online: boolean, reloadKey: number): MemberDetails {
  const [state, setState] = useState<MemberDetails>(EMPTY);

  useEffect(() => {
    if (memberId == null) {
      setState(EMPTY);
      return;
    }
    if (!online) {
      setState((prev) => ({ ...prev, loading: false, unavailable: prev.detail?.id !== memberId }));
      return;
    }
    const controller = new AbortController();
    setState((prev) => ({ ...prev, loading: true, ...(prev.detail?.id !== memberId ? { detail: null, points: null } : {}) }));
    Promise.all([
      getCustomer(memberId),
      getCustomerPoints(memberId, controller.signal).catch(() => null),
      getCustomerTier(memberId, controller.signal).catch(() => undefined),
    ])
      .then(([detail, points, tierState]) => {
        if (controller.signal.aborted) return;
        noteResult();
        const tier = tierState === undefined ? undefined : tierState.tier ? { id: tierState.tier.id, name: tierState.tier.name } : null;
        setState({ detail, points, tier, loading: false, unavailable: false });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        noteResult(err);
        setState((prev) => ({ ...prev, loading: false, unavailable: true }));
      });
    return () => controller.abort();
  }, [memberId, online, reloadKey]);

  return state;
}

export function activeCards(detail: CustomerDetail | null, kind: string): CardSummary[] {
  return (detail?.cards ?? []).filter((c) => c.card_type.kind === kind && c.status === "active");
}

/** Total stored value over the member's active stored-value cards. */
export function storedValueTotal(detail: CustomerDetail | null): string | null {
  const cards = activeCards(detail, "stored_value");
  if (!cards.length) return null;
  return fmt(sum(cards.map((c) => (isStoredValueBalances(c.balances) ? dec(c.balances.total) : ZERO))));
}

export function cardTotal(card: CardSummary): string {
  return isStoredValueBalances(card.balances) ? card.balances.total : "0";
}

/** Remaining sessions per service of the member's active count cards. */
export function sessionsOf(card: CardSummary): [string, string][] {
  const b = card.balances as { sessions?: Record<string, string | number> } | null;
  if (!b || !b.sessions || typeof b.sessions !== "object") return [];
  return Object.entries(b.sessions).map(([service, n]) => [service, String(n)]);
}

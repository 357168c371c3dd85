import type { CashierBootstrap, CashierMode } from "./types";

/** The cashier modes this screen implements; any other key is a plugin's mode. */
export type BuiltinMode = "sale" | "quick" | "count_card" | "timed";

const BUILTIN: Record<string, BuiltinMode> = {
  sale: "sale",
  quick: "quick",
  quick_amount: "quick",
  count_card: "count_card",
  timed: "timed",
};

/**
 * Only for a bootstrap without `offline` on its modes (one saved on the device by an older server):
 * the core modes that touch no balance that must be checked live.
 */
const LEGACY_OFFLINE = new Set<BuiltinMode>(["sale", "quick"]);

export function builtinOf(key: string): BuiltinMode | null {
  return BUILTIN[key] ?? null;
}

/** Whether the mode can ring up sales without the server: the server's `offline` flag decides. */
export function modeWorksOffline(mode: CashierMode): boolean {
  if (typeof mode.offline === "boolean") return mode.offline;
  const builtin = builtinOf(mode.key);
  return builtin !== null && LEGACY_OFFLINE.has(builtin);
}

/** The plugin that provides the mode, or null for the core's own modes (and when unknown). */
export function pluginOf(mode: CashierMode): string | null {
  const plugin = (mode.plugin ?? "").trim();
  return plugin && plugin !== "core" ? plugin : null;
}

/** The modes to show; "sale" is always there even when the server sends none. */
export function modesOf(boot: CashierBootstrap | null): CashierMode[] {
  const modes = boot?.modes?.length ? boot.modes : [{ key: "sale", label: "", plugin: "core", offline: true }];
  return modes;
}

/** Decimals of the shop currency (bootstrap, else what Intl knows about it, else 2). */
export function currencyDecimals(boot: CashierBootstrap | null): number {
  if (typeof boot?.currency_decimals === "number") return boot.currency_decimals;
  if (boot?.currency) {
    try {
      return new Intl.NumberFormat("en", { style: "currency", currency: boot.currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      return 2;
    }
  }
  return 2;
}

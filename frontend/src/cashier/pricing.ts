// Offline estimate of an order's price: the same rules as orders/pricing.py (member price, manual
// discount spread by largest remainder, tax per line, cash rounding), in exact decimals.
// Coupons are never applied offline. The server's /orders/quote/ answer always wins when online.

import { HUNDRED, ONE, ZERO, dec, div, fmt, min, mul, roundTo, roundToStep, sum, type Dec } from "./decimal";
import type { CartLine } from "./cart";
import type { CashierBootstrap, ManualDiscount, OrderLine, Quote } from "./types";

const CENT = dec("0.01");

function cents(value: Dec): Dec {
  return roundTo(value, 2);
}

/** Split `total` over `weights` proportionally (largest remainder); the parts add up exactly. */
export function allocate(total: Dec, weights: Dec[]): Dec[] {
  const weightSum = sum(weights);
  if (total === ZERO || weightSum <= ZERO) return weights.map(() => ZERO);
  const exact = weights.map((w) => div(mul(total, w), weightSum));
  // Round toward zero to the cent (Python's ROUND_DOWN); bigint % truncates the same way.
  const parts = exact.map((e) => e - (e % CENT));
  let left = Number((total - sum(parts)) / CENT);
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = exact[a] - parts[a];
      const rb = exact[b] - parts[b];
      if (ra !== rb) return ra > rb ? -1 : 1;
      return a - b;
    });
  for (const i of order) {
    if (left <= 0) break;
    parts[i] += CENT;
    left -= 1;
  }
  return parts;
}

interface Priced {
  line: CartLine;
  name: string;
  quantity: Dec;
  listPrice: Dec;
  unit: Dec;
  gross: Dec;
  tierDiscount: Dec;
  manual: Dec;
  taxRate: Dec;
  discountable: boolean;
  net: Dec;
  tax: Dec;
}

function lineTax(net: Dec, rate: Dec, inclusive: boolean): Dec {
  if (rate <= ZERO || net <= ZERO) return ZERO;
  if (inclusive) return cents(net - div(net, ONE + div(rate, HUNDRED)));
  return cents(div(mul(net, rate), HUNDRED));
}

function roundTotal(total: Dec, step: Dec): Dec {
  if (step <= CENT) return cents(total);
  return cents(roundToStep(total, step));
}

/** Estimate the quote of `lines` for a member of `tierId` (null for a walk-in). */
export function estimateQuote(
  boot: CashierBootstrap,
  lines: CartLine[],
  tierId: number | null,
  manualDiscount: ManualDiscount | null,
): Quote {
  const tier = tierId != null ? boot.tiers.find((t) => t.id === tierId) ?? null : null;
  const products = new Map(boot.products.map((p) => [p.id, p]));

  const priced: Priced[] = lines.map((line) => {
    let listPrice = ZERO;
    let quantity = ONE;
    let taxRate = ZERO;
    let memberPrice: Dec | null = null;
    let memberRate: Dec | null = null;
    let discountable = true;
    if (line.kind === "product") {
      const product = products.get(line.product);
      listPrice = dec(product?.price ?? line.price);
      quantity = dec(line.quantity);
      taxRate = dec(product?.tax_rate ?? "0");
      if (tier && product) {
        const tp = product.tier_prices?.[String(tier.id)];
        if (tp != null && tp !== "") memberPrice = dec(tp);
        else if (tier.discount_rate) memberRate = dec(tier.discount_rate);
      }
    } else if (line.kind === "quick") {
      listPrice = dec(line.amount);
    } else if (line.kind === "timed") {
      listPrice = dec(line.amount ?? "0");
      const product = line.productId != null ? products.get(line.productId) : undefined;
      taxRate = dec(product?.tax_rate ?? "0");
    } else {
      // A count-card line is paid for by the card's sessions.
      discountable = false;
    }
    let unit = listPrice;
    if (discountable && memberPrice !== null) unit = min(memberPrice, listPrice);
    else if (discountable && memberRate !== null) unit = cents(mul(listPrice, memberRate));
    const gross = cents(mul(listPrice, quantity));
    const after = cents(mul(unit, quantity));
    return {
      line,
      name: line.name,
      quantity,
      listPrice,
      unit,
      gross,
      tierDiscount: gross - after,
      manual: ZERO,
      taxRate,
      discountable,
      net: ZERO,
      tax: ZERO,
    };
  });

  let manualTotal = ZERO;
  if (manualDiscount && dec(manualDiscount.value) > ZERO) {
    const room = sum(priced.map((p) => (p.discountable ? p.gross - p.tierDiscount : ZERO)));
    const value = dec(manualDiscount.value);
    manualTotal = manualDiscount.type === "percent" ? cents(div(mul(room, value), HUNDRED)) : min(cents(value), room);
    const parts = allocate(
      manualTotal,
      priced.map((p) => (p.discountable ? p.gross - p.tierDiscount : ZERO)),
    );
    priced.forEach((p, i) => (p.manual = parts[i]));
  }

  const inclusive = boot.prices_include_tax;
  for (const p of priced) {
    p.net = p.gross - p.tierDiscount - p.manual;
    p.tax = lineTax(p.net, p.taxRate, inclusive);
  }
  const netTotal = sum(priced.map((p) => p.net));
  const taxTotal = sum(priced.map((p) => p.tax));
  const before = inclusive ? netTotal : netTotal + taxTotal;
  const total = roundTotal(before, dec(boot.cash_rounding || "0.01"));
  const tierTotal = sum(priced.map((p) => p.tierDiscount));

  const orderLines: OrderLine[] = priced.map((p) => ({
    kind: p.line.kind,
    product: p.line.kind === "product" ? p.line.product : null,
    name: p.name,
    quantity: fmt(p.quantity, 3).replace(/\.?0+$/, "") || "0",
    unit_price: fmt(p.unit),
    list_price: fmt(p.listPrice),
    gross: fmt(p.gross),
    tier_discount: fmt(p.tierDiscount),
    coupon_discount: "0.00",
    manual_discount: fmt(p.manual),
    net: fmt(p.net),
    tax: fmt(p.tax),
    tax_rate: fmt(p.taxRate),
  }));

  return {
    lines: orderLines,
    subtotal: fmt(sum(priced.map((p) => p.gross))),
    discount_total: fmt(tierTotal + manualTotal),
    tax_total: fmt(taxTotal),
    rounding: fmt(total - before),
    total: fmt(total),
  };
}

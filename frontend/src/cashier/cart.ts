// The cart of the cashier screen: lines of any kind, the attached member, coupon and discount.
// Quantities and amounts are decimal strings; prices come from the server's quote.

import { ONE, ZERO, dec, fmt } from "./decimal";
import type { LineInput, ManualDiscount, StaffShare } from "./types";

interface BaseLine {
  key: string;
  name: string;
  /** The cashier mode the line was rung up in. */
  mode: string;
  staff: StaffShare[];
}

export interface ProductCartLine extends BaseLine {
  kind: "product";
  product: number;
  quantity: string;
  /** List price at the time it was added (display until the quote answers). */
  price: string;
}

export interface QuickCartLine extends BaseLine {
  kind: "quick";
  amount: string;
  description: string;
}

export interface CountCardCartLine extends BaseLine {
  kind: "count_card";
  card: number;
  cardNumber: string;
  service: string;
  sessions: number;
}

export interface TimedCartLine extends BaseLine {
  kind: "timed";
  session: number;
  productId: number | null;
  amount: string | null;
  minutes: number | null;
}

export type CartLine = ProductCartLine | QuickCartLine | CountCardCartLine | TimedCartLine;

/** The member attached to the sale (from the live lookup or the offline index). */
export interface CartMember {
  id: number;
  name: string;
  phone: string;
  phone_display?: string;
  member_no: string | null;
  tier: number | null;
}

export interface CartState {
  lines: CartLine[];
  member: CartMember | null;
  couponCode: string;
  manualDiscount: ManualDiscount | null;
  note: string;
}

export const EMPTY_CART: CartState = { lines: [], member: null, couponCode: "", manualDiscount: null, note: "" };

let counter = 0;
export function lineKey(): string {
  counter += 1;
  return `l${Date.now().toString(36)}${counter}`;
}

export type CartAction =
  | { type: "addProduct"; product: number; name: string; price: string; mode: string; quantity?: string }
  | { type: "addLine"; line: CartLine }
  | { type: "setQuantity"; key: string; quantity: string }
  | { type: "increment"; key: string; by: 1 | -1 }
  | { type: "setStaff"; key: string; staff: StaffShare[] }
  | { type: "remove"; key: string }
  | { type: "setMember"; member: CartMember | null }
  | { type: "setCoupon"; code: string }
  | { type: "setManualDiscount"; discount: ManualDiscount | null }
  | { type: "setNote"; note: string }
  | { type: "clear" }
  | { type: "replace"; state: CartState };

function addQuantity(quantity: string, by: string): string {
  const next = dec(quantity) + dec(by);
  return trimQuantity(fmt(next, 3));
}

/** "2.000" → "2", "1.500" → "1.5". */
export function trimQuantity(text: string): string {
  if (!text.includes(".")) return text;
  const out = text.replace(/0+$/, "").replace(/\.$/, "");
  return out || "0";
}

export function cartReducer(state: CartState, action: CartAction): CartState {
  switch (action.type) {
    case "addProduct": {
      const by = action.quantity ?? "1";
      const existing = state.lines.find((l) => l.kind === "product" && l.product === action.product);
      if (existing && existing.kind === "product") {
        const lines = state.lines.map((l) => (l.key === existing.key && l.kind === "product" ? { ...l, quantity: addQuantity(l.quantity, by) } : l));
        // Move the line touched last to the end, so the newest scan is always visible at the bottom.
        const moved = lines.filter((l) => l.key !== existing.key);
        moved.push(lines.find((l) => l.key === existing.key)!);
        return { ...state, lines: moved };
      }
      const line: ProductCartLine = {
        key: lineKey(),
        kind: "product",
        product: action.product,
        name: action.name,
        price: action.price,
        quantity: trimQuantity(by),
        mode: action.mode,
        staff: [],
      };
      return { ...state, lines: [...state.lines, line] };
    }
    case "addLine":
      return { ...state, lines: [...state.lines, action.line] };
    case "setQuantity":
      return {
        ...state,
        lines: state.lines.map((l) => (l.key === action.key && l.kind === "product" ? { ...l, quantity: action.quantity } : l)),
      };
    case "increment": {
      const lines: CartLine[] = [];
      for (const l of state.lines) {
        if (l.key !== action.key) {
          lines.push(l);
          continue;
        }
        if (l.kind === "product") {
          const next = dec(l.quantity) + (action.by === 1 ? ONE : -ONE);
          if (next > ZERO) lines.push({ ...l, quantity: trimQuantity(fmt(next, 3)) });
        } else if (l.kind === "count_card") {
          const sessions = l.sessions + action.by;
          if (sessions > 0) lines.push({ ...l, sessions });
        } else {
          lines.push(l);
        }
      }
      return { ...state, lines };
    }
    case "setStaff":
      return { ...state, lines: state.lines.map((l) => (l.key === action.key ? { ...l, staff: action.staff } : l)) };
    case "remove":
      return { ...state, lines: state.lines.filter((l) => l.key !== action.key) };
    case "setMember": {
      // Count-card lines belong to the member's cards: drop them when the member changes.
      const changed = (state.member?.id ?? null) !== (action.member?.id ?? null);
      return {
        ...state,
        member: action.member,
        lines: changed ? state.lines.filter((l) => l.kind !== "count_card") : state.lines,
      };
    }
    case "setCoupon":
      return { ...state, couponCode: action.code };
    case "setManualDiscount":
      return { ...state, manualDiscount: action.discount };
    case "setNote":
      return { ...state, note: action.note };
    case "clear":
      return EMPTY_CART;
    case "replace":
      return action.state;
    default:
      return state;
  }
}

/** The request form of a cart line. */
export function toLineInput(line: CartLine): LineInput {
  const staff = line.staff.length ? { staff: line.staff } : {};
  switch (line.kind) {
    case "product":
      return { product: line.product, quantity: line.quantity, ...staff };
    case "quick":
      return { kind: "quick", amount: line.amount, description: line.description, ...staff };
    case "count_card":
      return { kind: "count_card", card: line.card, service: line.service, sessions: line.sessions, ...staff };
    case "timed":
      return { kind: "timed", session: line.session, ...staff };
  }
}

/** The order's mode: the mode shared by every line, else the current one. */
export function orderMode(lines: CartLine[], current: string): string {
  const modes = new Set(lines.map((l) => l.mode));
  return modes.size === 1 ? [...modes][0] : current;
}

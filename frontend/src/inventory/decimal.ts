// Exact decimal-string sums and differences for stock screens (no floating point).
import { multiplyDecimal } from "../components/decimal";

interface Fixed {
  int: bigint;
  scale: number;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function parse(value: string | null | undefined): Fixed | null {
  const text = (value ?? "").trim();
  if (!DECIMAL.test(text)) return null;
  const negative = text.startsWith("-");
  const [whole, frac = ""] = text.replace("-", "").split(".");
  return { int: BigInt(whole + frac) * (negative ? -1n : 1n), scale: frac.length };
}

function align(a: Fixed, b: Fixed): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.int * 10n ** BigInt(scale - a.scale), b.int * 10n ** BigInt(scale - b.scale), scale];
}

function show(int: bigint, scale: number): string {
  const negative = int < 0n;
  const digits = (negative ? -int : int).toString().padStart(scale + 1, "0");
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

export function isDecimal(value: string | null | undefined): value is string {
  return DECIMAL.test((value ?? "").trim());
}

/** a + b, exact; null when either is not a decimal. */
export function addDecimal(a: string, b: string): string | null {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const [p, q, scale] = align(x, y);
  return show(p + q, scale);
}

/** a − b, exact; null when either is not a decimal. */
export function subtractDecimal(a: string, b: string): string | null {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const [p, q, scale] = align(x, y);
  return show(p - q, scale);
}

/** -1, 0 or 1 (a compared with b); null when either is not a decimal. */
export function compareDecimal(a: string, b: string): number | null {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const [p, q] = align(x, y);
  return p === q ? 0 : p < q ? -1 : 1;
}

/** Sum of decimal strings (non-decimals are skipped). */
export function sumDecimals(values: Iterable<string | null | undefined>): string {
  let total = "0";
  for (const value of values) if (isDecimal(value)) total = addDecimal(total, value) ?? total;
  return total;
}

/** Value of stock: quantity × unit cost, rounded to cents. */
export function stockValue(quantity: string | null | undefined, unitCost: string | null | undefined): string | null {
  if (!isDecimal(quantity) || !isDecimal(unitCost)) return null;
  return multiplyDecimal(quantity, unitCost, 2);
}

/** "10.500" → "10.5", "3.000" → "3" (for inputs prefilled from the API). */
export function trimDecimal(value: string | null | undefined): string {
  const text = (value ?? "").trim();
  if (!DECIMAL.test(text) || !text.includes(".")) return text;
  const trimmed = text.replace(/0+$/, "").replace(/\.$/, "");
  return trimmed === "-0" ? "0" : trimmed;
}

export function isZeroDecimal(value: string | null | undefined): boolean {
  return isDecimal(value) && !/[1-9]/.test(value);
}

export function isNegativeDecimal(value: string | null | undefined): boolean {
  return isDecimal(value) && value.trim().startsWith("-") && !isZeroDecimal(value);
}

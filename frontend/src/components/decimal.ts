// Exact decimal-string arithmetic for display estimates (no floating point).

function parse(value: string): { int: bigint; scale: number } | null {
  const text = value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  const [whole, frac = ""] = text.replace("-", "").split(".");
  const int = BigInt(whole + frac) * (text.startsWith("-") ? -1n : 1n);
  return { int, scale: frac.length };
}

/** a × b rounded half up to `places` decimals, as a string; null when either is not a decimal. */
export function multiplyDecimal(a: string, b: string, places = 2): string | null {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  let product = x.int * y.int;
  const scale = x.scale + y.scale;
  const negative = product < 0n;
  if (negative) product = -product;
  let scaled: bigint;
  if (scale > places) {
    const divisor = 10n ** BigInt(scale - places);
    scaled = product / divisor;
    if ((product % divisor) * 2n >= divisor) scaled += 1n;
  } else {
    scaled = product * 10n ** BigInt(places - scale);
  }
  const digits = scaled.toString().padStart(places + 1, "0");
  const text = places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/** True when the decimal string is greater than zero. */
export function isPositiveDecimal(value: string | null | undefined): boolean {
  return !!value && /^\d+(\.\d+)?$/.test(value.trim()) && /[1-9]/.test(value);
}

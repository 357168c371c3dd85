import type { DefaultOptionType } from "antd/es/select";

/** Case-insensitive match on an option's value or label, so typing either then Enter picks it. */
export function filterByValueOrLabel(input: string, option?: DefaultOptionType): boolean {
  if (!option) return false;
  const needle = input.trim().toLowerCase();
  const haystack = `${String(option.value ?? "")} ${typeof option.label === "string" ? option.label : ""}`.toLowerCase();
  return haystack.includes(needle);
}

import type { Role } from "../api/types";

export const ROLES: readonly Role[] = ["owner", "manager", "cashier"];

export function roleColor(role: string): string {
  if (role === "owner") return "gold";
  if (role === "manager") return "blue";
  if (role === "cashier") return "green";
  return "default";
}

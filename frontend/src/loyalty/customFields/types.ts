// Shop-defined customer fields (/api/v1/custom-fields/); values live in customer.extra.custom.

export type CustomFieldKind = "text" | "number" | "date" | "choice" | "multi_choice" | "boolean";
export const CUSTOM_FIELD_KINDS: readonly CustomFieldKind[] = ["text", "number", "date", "choice", "multi_choice", "boolean"];

export interface CustomFieldDefinition {
  id: number;
  key: string;
  label: string;
  kind: CustomFieldKind;
  choices: string[];
  required: boolean;
  order: number;
  active: boolean;
}

export type CustomFieldPayload = Omit<CustomFieldDefinition, "id">;

export const hasChoices = (kind: string) => kind === "choice" || kind === "multi_choice";

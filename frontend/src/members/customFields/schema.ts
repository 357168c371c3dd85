import { useEffect, useState } from "react";
import { getCustomerSchema } from "../api";

export type FieldWidget = "text" | "number" | "date" | "select" | "multiselect" | "tags" | "switch";

/** One shop field from properties.custom.properties.<key> of the customer schema. */
export interface CustomFieldSpec {
  key: string;
  title: string;
  widget: FieldWidget;
  options: string[];
  required: boolean;
  maxLength?: number;
}

export interface CustomerSchema {
  /** Top-level namespaces of extra the server accepts (custom, import, plugins). */
  namespaces: string[];
  fields: CustomFieldSpec[];
  /** Keys of retired fields (deprecated in the schema): not rendered, their values are kept. */
  retired: string[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function widgetOf(spec: Json): { widget: FieldWidget; options: string[] } {
  const type = spec.type;
  if (type === "array") {
    const options = strings(obj(spec.items).enum);
    return { widget: options.length ? "multiselect" : "tags", options };
  }
  if (Array.isArray(spec.enum)) return { widget: "select", options: strings(spec.enum) };
  if (type === "boolean") return { widget: "switch", options: [] };
  if (type === "number" || type === "integer") return { widget: "number", options: [] };
  if (type === "string" && (spec.format === "date" || spec.format === "date-time")) return { widget: "date", options: [] };
  return { widget: "text", options: [] };
}

/** Turn the JSON Schema of customer.extra into the list of shop fields to render. */
export function parseCustomerSchema(schema: unknown): CustomerSchema {
  const properties = obj(obj(schema).properties);
  const custom = obj(properties.custom);
  const required = new Set(strings(custom.required));
  const entries = Object.entries(obj(custom.properties));
  const retired = entries.filter(([, raw]) => obj(raw).deprecated === true).map(([key]) => key);
  const fields = entries.filter(([, raw]) => obj(raw).deprecated !== true).map(([key, raw]) => {
    const spec = obj(raw);
    const { widget, options } = widgetOf(spec);
    return {
      key,
      title: typeof spec.title === "string" && spec.title ? spec.title : key,
      widget,
      options,
      required: required.has(key),
      maxLength: typeof spec.maxLength === "number" ? spec.maxLength : undefined,
    };
  });
  return { namespaces: Object.keys(properties), fields, retired };
}

/** True when a form value counts as "not filled in" (omitted from extra.custom). */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** extra for a PATCH: the namespaces the server still accepts, with the form's shop fields. */
export function buildExtra(schema: CustomerSchema, previous: Record<string, unknown> | undefined, values: Record<string, unknown> | undefined): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const ns of schema.namespaces) if (previous && ns in previous && ns !== "custom") extra[ns] = previous[ns];
  const custom: Record<string, unknown> = {};
  const previousCustom = obj(previous?.custom);
  for (const key of schema.retired) if (key in previousCustom) custom[key] = previousCustom[key];
  for (const field of schema.fields) {
    const value = values?.[field.key];
    if (!isEmptyValue(value)) custom[field.key] = field.widget === "text" ? String(value).trim() : value;
  }
  extra.custom = custom;
  return extra;
}

/** The shop's custom fields (null until loaded; empty when the server has none or no schema). */
export function useCustomerSchema(): CustomerSchema | null {
  const [schema, setSchema] = useState<CustomerSchema | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getCustomerSchema(controller.signal)
      .then((body) => setSchema(parseCustomerSchema(body.schema)))
      .catch(() => {
        if (!controller.signal.aborted) setSchema({ namespaces: [], fields: [], retired: [] });
      });
    return () => controller.abort();
  }, []);
  return schema;
}

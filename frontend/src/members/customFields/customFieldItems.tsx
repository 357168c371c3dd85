import { Descriptions, Tag } from "antd";
import type { TFunction } from "../../i18n";
import { isEmptyValue, type CustomFieldSpec } from "./schema";

function display(value: unknown, t: TFunction) {
  if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
  if (Array.isArray(value)) return value.map((v) => <Tag key={String(v)}>{String(v)}</Tag>);
  return String(value);
}

/** Descriptions.Item elements for the custom fields that have a value (an array of children). */
export function customFieldItems(fields: CustomFieldSpec[], extra: Record<string, unknown> | undefined, t: TFunction) {
  const custom = (extra?.custom ?? {}) as Record<string, unknown>;
  return fields
    .filter((f) => !isEmptyValue(custom[f.key]))
    .map((f) => (
      <Descriptions.Item key={`cf-${f.key}`} label={f.title}>
        <span data-testid={`member-cf-${f.key}`}>{display(custom[f.key], t)}</span>
      </Descriptions.Item>
    ));
}

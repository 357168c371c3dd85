import { Input, Select, Space } from "antd";
import { useI18n } from "../../i18n";
import type { CustomFieldSpec } from "./schema";

interface Props {
  fields: CustomFieldSpec[];
  fieldKey: string;
  value: string;
  onChange: (fieldKey: string, value: string) => void;
}

/** Filter the member list by one custom field: choose the field, then the value (cf_<key>=<value>). */
export function CustomFieldFilter({ fields, fieldKey, value, onChange }: Props) {
  const { t } = useI18n();
  if (!fields.length) return null;
  const field = fields.find((f) => f.key === fieldKey);

  let valueInput = null;
  if (field) {
    if (field.widget === "select" || field.widget === "multiselect") {
      valueInput = (
        <Select
          data-testid="member-cf-value"
          allowClear
          placeholder={t("members.cfValue")}
          value={value || undefined}
          onChange={(v: string | undefined) => onChange(fieldKey, v ?? "")}
          options={field.options.map((o) => ({ value: o, label: o }))}
          style={{ width: 160 }}
        />
      );
    } else if (field.widget === "switch") {
      valueInput = (
        <Select
          data-testid="member-cf-value"
          allowClear
          placeholder={t("members.cfValue")}
          value={value || undefined}
          onChange={(v: string | undefined) => onChange(fieldKey, v ?? "")}
          options={[
            { value: "true", label: t("common.yes") },
            { value: "false", label: t("common.no") },
          ]}
          style={{ width: 120 }}
        />
      );
    } else {
      valueInput = (
        <Input
          data-testid="member-cf-value"
          allowClear
          type={field.widget === "date" ? "date" : field.widget === "number" ? "number" : "text"}
          placeholder={t("members.cfValue")}
          value={value}
          onChange={(e) => onChange(fieldKey, e.target.value)}
          style={{ width: 160 }}
          autoComplete="off"
        />
      );
    }
  }

  return (
    <Space.Compact>
      <Select
        data-testid="member-cf-field"
        allowClear
        placeholder={t("members.cfField")}
        value={fieldKey || undefined}
        onChange={(k: string | undefined) => onChange(k ?? "", "")}
        options={fields.map((f) => ({ value: f.key, label: f.title }))}
        style={{ width: 160 }}
      />
      {valueInput}
    </Space.Compact>
  );
}

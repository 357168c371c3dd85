import { Col, Form, Input, InputNumber, Select, Switch } from "antd";
import { useI18n } from "../../i18n";
import type { CustomFieldSpec } from "./schema";

/** Form items for the shop's custom fields, named ["custom", key]. */
export function CustomFieldInputs({ fields }: { fields: CustomFieldSpec[] }) {
  const { t } = useI18n();
  return (
    <>
      {fields.map((f) => {
        const testId = `member-form-cf-${f.key}`;
        const rules = f.required && f.widget !== "switch" ? [{ required: true, message: t("validation.required") }] : [];
        let input;
        switch (f.widget) {
          case "number":
            input = <InputNumber data-testid={testId} style={{ width: "100%" }} />;
            break;
          case "date":
            input = <Input data-testid={testId} type="date" max="9999-12-31" />;
            break;
          case "select":
            input = <Select data-testid={testId} allowClear options={f.options.map((o) => ({ value: o, label: o }))} />;
            break;
          case "multiselect":
            input = <Select data-testid={testId} mode="multiple" allowClear options={f.options.map((o) => ({ value: o, label: o }))} />;
            break;
          case "tags":
            input = <Select data-testid={testId} mode="tags" open={false} suffixIcon={null} />;
            break;
          case "switch":
            input = <Switch data-testid={testId} />;
            break;
          default:
            input = <Input data-testid={testId} maxLength={f.maxLength} autoComplete="off" />;
        }
        return (
          <Col key={f.key} xs={24} sm={12}>
            <Form.Item name={["custom", f.key]} label={f.title} rules={rules} valuePropName={f.widget === "switch" ? "checked" : "value"}>
              {input}
            </Form.Item>
          </Col>
        );
      })}
    </>
  );
}

import { useEffect, useState } from "react";
import { Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select } from "antd";
import { FormError } from "../../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { createCustomField, updateCustomField } from "./api";
import { CUSTOM_FIELD_KINDS, hasChoices, type CustomFieldDefinition, type CustomFieldKind } from "./types";

interface Values {
  key: string;
  label: string;
  kind: CustomFieldKind;
  choices: string[];
  required: boolean;
  order: number | null;
  active: boolean;
}

const FIELDS = ["key", "label", "kind", "choices", "required", "order", "active"];
const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

interface Props {
  open: boolean;
  field: CustomFieldDefinition | null;
  nextOrder: number;
  onClose: () => void;
  onSaved: () => void;
}

/** Create or edit a custom field definition; the key cannot change once created. */
export function CustomFieldModal({ open, field, nextOrder, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const editing = !!field;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    if (field) form.setFieldsValue(field);
    else form.setFieldsValue({ order: nextOrder });
  }, [open, field, nextOrder, form]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const common = {
      label: v.label.trim(),
      kind: v.kind,
      choices: hasChoices(v.kind) ? (v.choices ?? []).map((c) => c.trim()).filter(Boolean) : [],
      required: !!v.required,
      order: Number(v.order ?? 100),
      active: !!v.active,
    };
    try {
      if (field) await updateCustomField(field.id, common);
      else await createCustomField({ ...common, key: v.key.trim() });
      onSaved();
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={editing ? t("customField.editTitle") : t("customField.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={560}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="custom-field-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: "text", choices: [], required: false, active: true }}
        onFinish={onFinish}
        disabled={submitting}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="key"
              label={t("customField.key")}
              extra={editing ? t("customField.keyImmutable") : t("customField.keyHelp")}
              rules={
                editing
                  ? []
                  : [
                      { required: true, message: t("validation.required") },
                      { pattern: KEY_PATTERN, message: t("customField.keyFormat") },
                    ]
              }
            >
              <Input data-testid="custom-field-key" maxLength={40} autoComplete="off" disabled={editing} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="label" label={t("customField.label")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
              <Input data-testid="custom-field-label" maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t("customField.kind")}>
              <Select data-testid="custom-field-kind" options={CUSTOM_FIELD_KINDS.map((k) => ({ value: k, label: t(`fieldKind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="order" label={t("customField.order")}>
              <InputNumber data-testid="custom-field-order" min={0} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          {hasChoices(kind ?? "") ? (
            <Col span={24}>
              <Form.Item
                name="choices"
                label={t("customField.choices")}
                extra={t("customField.choicesHelp")}
                rules={[{ required: true, type: "array", min: 1, message: t("customField.choicesRequired") }]}
              >
                <Select data-testid="custom-field-choices" mode="tags" tokenSeparators={[",", "，"]} open={false} suffixIcon={null} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        <Form.Item name="required" valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox data-testid="custom-field-required">{t("customField.required")}</Checkbox>
        </Form.Item>
        <Form.Item name="active" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid="custom-field-active">{t("common.active")}</Checkbox>
        </Form.Item>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

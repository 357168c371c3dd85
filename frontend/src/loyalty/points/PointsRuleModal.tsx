import { useEffect, useState } from "react";
import { Button, Checkbox, Form, Input, InputNumber, Modal, Select } from "antd";
import { FormError } from "../../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { createPointsRule, updatePointsRule } from "./api";
import { RULE_SCOPES, type PointsRule, type PointsRuleScope } from "./types";

interface Values {
  scope: PointsRuleScope;
  value: string;
  multiplier: string | null;
  active: boolean;
}

interface Props {
  open: boolean;
  rule: PointsRule | null;
  onClose: () => void;
  onSaved: () => void;
}

export function PointsRuleModal({ open, rule, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    if (rule) form.setFieldsValue(rule);
  }, [open, rule, form]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload = { scope: v.scope, value: v.value.trim(), multiplier: String(v.multiplier ?? "1"), active: !!v.active };
    try {
      if (rule) await updatePointsRule(rule.id, payload);
      else await createPointsRule(payload);
      onSaved();
    } catch (err) {
      setTopError(handleError(err, form, ["scope", "value", "multiplier", "active"]));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={rule ? t("pointsRule.editTitle") : t("pointsRule.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="points-rule-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ scope: "product", multiplier: "2", active: true }}
        onFinish={onFinish}
        disabled={submitting}
      >
        <Form.Item name="scope" label={t("pointsRule.scope")}>
          <Select data-testid="points-rule-scope" options={RULE_SCOPES.map((s) => ({ value: s, label: t(`pointsRule.scope.${s}`) }))} />
        </Form.Item>
        <Form.Item name="value" label={t("pointsRule.value")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
          <Input data-testid="points-rule-value" maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="multiplier"
          label={t("pointsRule.multiplier")}
          extra={t("pointsRule.multiplierHelp")}
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <InputNumber<string> data-testid="points-rule-multiplier" stringMode min="0" precision={3} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="active" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>{t("common.active")}</Checkbox>
        </Form.Item>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

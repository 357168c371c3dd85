import { useEffect, useState } from "react";
import { Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select } from "antd";
import { fromLocalInput, toLocalInput } from "../components/datetimeLocal";
import { FormError } from "../components/FormError";
import { useMoney } from "../components/money";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { createTopUpRule, updateTopUpRule } from "./api";
import type { CardType, TopUpRule, TopUpRulePayload } from "./types";

interface Values {
  name: string;
  /** 0 = every stored-value card type (the API's null). */
  card_type: number;
  min_amount: string | null;
  bonus_amount: string | null;
  bonus_percent: string | null;
  starts_at: string;
  ends_at: string;
  active: boolean;
}

const ALL_TYPES = 0;
const FIELDS = ["name", "card_type", "min_amount", "bonus_amount", "bonus_percent", "starts_at", "ends_at", "active"];

interface Props {
  open: boolean;
  rule: TopUpRule | null;
  /** Stored-value card types the rule may be limited to. */
  cardTypes: CardType[];
  onClose: () => void;
  onSaved: (saved: TopUpRule) => void;
}

export function TopUpRuleModal({ open, rule, cardTypes, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { currency } = useMoney();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    if (rule)
      form.setFieldsValue({
        ...rule,
        card_type: rule.card_type ?? ALL_TYPES,
        starts_at: toLocalInput(rule.starts_at),
        ends_at: toLocalInput(rule.ends_at),
      });
  }, [open, rule, form]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload: TopUpRulePayload = {
      name: v.name.trim(),
      card_type: v.card_type || null,
      min_amount: String(v.min_amount ?? ""),
      bonus_amount: v.bonus_amount ? String(v.bonus_amount) : "0",
      bonus_percent: v.bonus_percent ? String(v.bonus_percent) : "0",
      starts_at: fromLocalInput(v.starts_at),
      ends_at: fromLocalInput(v.ends_at),
      active: !!v.active,
    };
    try {
      onSaved(rule ? await updateTopUpRule(rule.id, payload) : await createTopUpRule(payload));
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  const cur = { currency: currency ?? "" };
  return (
    <Modal
      open={open}
      title={rule ? t("rule.editTitle") : t("rule.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={620}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="rule-form-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ card_type: ALL_TYPES, bonus_amount: "0", bonus_percent: "0", starts_at: "", ends_at: "", active: true }}
        onFinish={onFinish}
        disabled={submitting}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t("rule.name")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
              <Input data-testid="rule-form-name" maxLength={100} autoComplete="off" placeholder={t("rule.namePlaceholder")} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="card_type" label={t("rule.cardType")}>
              <Select
                data-testid="rule-form-card-type"
                showSearch
                optionFilterProp="label"
                options={[
                  { value: ALL_TYPES, label: t("rule.allCardTypes") },
                  ...cardTypes.map((ct) => ({ value: ct.id, label: ct.name })),
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="min_amount" label={t("rule.minAmountWithCurrency", cur)} rules={[{ required: true, message: t("validation.required") }]}>
              <InputNumber<string> data-testid="rule-form-min" stringMode min="0.01" precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="bonus_amount" label={t("rule.bonusAmountWithCurrency", cur)}>
              <InputNumber<string> data-testid="rule-form-bonus" stringMode min="0" precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="bonus_percent" label={t("rule.bonusPercent")}>
              <InputNumber<string> data-testid="rule-form-percent" stringMode min="0" max="1000" precision={2} suffix="%" style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="starts_at" label={t("rule.startsAt")}>
              <Input data-testid="rule-form-starts" type="datetime-local" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="ends_at" label={t("rule.endsAt")}>
              <Input data-testid="rule-form-ends" type="datetime-local" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="active" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid="rule-form-active">{t("common.active")}</Checkbox>
        </Form.Item>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

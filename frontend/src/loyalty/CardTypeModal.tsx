import { useEffect, useState } from "react";
import { Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Space } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { FormError } from "../components/FormError";
import { filterByValueOrLabel } from "../components/selectSearch";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useMoney } from "../components/money";
import { useI18n } from "../i18n";
import { createCardType, updateCardType } from "./api";
import { useLoyaltyLabels } from "./labels";
import { CARD_KINDS, type CardKind, type CardType, type CardTypePayload } from "./types";

interface Values {
  name: string;
  kind: CardKind;
  price: string | null;
  discount_rate: string | null;
  minutes: number | null;
  validity_days: number | null;
  earns_points: boolean;
  active: boolean;
  services: { service: string; sessions: number | null }[];
}

const FIELDS = ["name", "kind", "price", "discount_rate", "minutes", "validity_days", "earns_points", "active", "services"];
const DEFAULTS: Partial<Values> = { kind: "stored_value", price: "0", earns_points: true, active: true, services: [] };

interface Props {
  open: boolean;
  cardType: CardType | null;
  onClose: () => void;
  onSaved: (saved: CardType) => void;
}

export function CardTypeModal({ open, cardType, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { currency } = useMoney();
  const labels = useLoyaltyLabels();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    if (cardType) form.setFieldsValue({ ...cardType, services: cardType.services ?? [] });
  }, [open, cardType, form]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload: CardTypePayload = {
      name: v.name.trim(),
      kind: v.kind,
      price: v.price ? String(v.price) : "0",
      discount_rate: v.kind === "discount" && v.discount_rate ? String(v.discount_rate) : null,
      minutes: v.kind === "time" ? (v.minutes ?? null) : null,
      validity_days: v.validity_days || null,
      earns_points: !!v.earns_points,
      active: !!v.active,
      services:
        v.kind === "count"
          ? (v.services ?? []).filter((s) => s?.service?.trim()).map((s) => ({ service: s.service.trim(), sessions: s.sessions ?? 0 }))
          : [],
    };
    try {
      onSaved(cardType ? await updateCardType(cardType.id, payload) : await createCardType(payload));
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={cardType ? t("cardType.editTitle") : t("cardType.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={620}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="cardtype-form-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={DEFAULTS} onFinish={onFinish} disabled={submitting}>
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t("cardType.name")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
              <Input data-testid="cardtype-form-name" maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="kind" label={t("cardType.kind")} rules={[{ required: true, message: t("validation.required") }]}>
              <Select
                data-testid="cardtype-form-kind"
                showSearch
                filterOption={filterByValueOrLabel}
                disabled={!!cardType}
                options={CARD_KINDS.map((k) => ({ value: k, label: labels.cardKind(k) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="price" label={t("cardType.priceWithCurrency", { currency: currency ?? "" })}>
              <InputNumber<string> data-testid="cardtype-form-price" stringMode min="0" precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="validity_days" label={t("cardType.validityDays")} extra={t("cardType.validityHelp")}>
              <InputNumber data-testid="cardtype-form-validity" min={1} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          {kind === "discount" ? (
            <Col xs={24} sm={12}>
              <Form.Item
                name="discount_rate"
                label={t("cardType.discountRate")}
                extra={t("cardType.discountHelp")}
                rules={[{ required: true, message: t("validation.required") }]}
              >
                <InputNumber<string> data-testid="cardtype-form-discount" stringMode min="0.001" max="1" step="0.05" precision={3} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          ) : null}
          {kind === "time" ? (
            <Col xs={24} sm={12}>
              <Form.Item name="minutes" label={t("cardType.minutes")} rules={[{ required: true, message: t("validation.required") }]}>
                <InputNumber data-testid="cardtype-form-minutes" min={1} precision={0} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        {kind === "count" ? (
          <Form.Item label={t("cardType.services")} required>
            <Form.List name="services">
              {(fields, { add, remove }) => (
                <Space direction="vertical" style={{ width: "100%" }} data-testid="cardtype-form-services">
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline" wrap>
                      <Form.Item
                        name={[field.name, "service"]}
                        rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
                        style={{ marginBottom: 0 }}
                      >
                        <Input placeholder={t("cardType.serviceName")} data-testid={`cardtype-service-${field.name}`} maxLength={100} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, "sessions"]}
                        rules={[{ required: true, message: t("validation.required") }]}
                        style={{ marginBottom: 0 }}
                      >
                        <InputNumber
                          min={1}
                          precision={0}
                          placeholder={t("cardType.sessions")}
                          data-testid={`cardtype-sessions-${field.name}`}
                          suffix={t("cardType.sessionsUnit")}
                        />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t("common.delete")} />
                    </Space>
                  ))}
                  <Button data-testid="cardtype-service-add" type="dashed" icon={<PlusOutlined />} onClick={() => add({ service: "", sessions: 1 })}>
                    {t("cardType.addService")}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
        ) : null}
        <Space size="large" wrap>
          <Form.Item name="earns_points" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox data-testid="cardtype-form-earns-points">{t("cardType.earnsPoints")}</Checkbox>
          </Form.Item>
          <Form.Item name="active" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox data-testid="cardtype-form-active">{t("common.active")}</Checkbox>
          </Form.Item>
        </Space>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

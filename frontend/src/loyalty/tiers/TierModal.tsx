import { useEffect, useState } from "react";
import { Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row } from "antd";
import { FormError } from "../../components/FormError";
import { useMoney } from "../../components/money";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { createTier, updateTier } from "./api";
import type { Tier, TierPayload } from "./types";

interface Values {
  name: string;
  rank: number | null;
  min_spend: string | null;
  min_points: string | null;
  discount_rate: string | null;
  points_multiplier: string | null;
  birthday_gift: string;
  birthday_points: string | null;
  active: boolean;
}

const FIELDS = ["name", "rank", "min_spend", "min_points", "discount_rate", "points_multiplier", "birthday_gift", "birthday_points", "active"];
const optional = (v: string | null | undefined) => (v === null || v === undefined || v === "" ? null : String(v));

interface Props {
  open: boolean;
  tier: Tier | null;
  /** Suggested rank for a new tier. */
  nextRank: number;
  onClose: () => void;
  onSaved: () => void;
}

export function TierModal({ open, tier, nextRank, onClose, onSaved }: Props) {
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
    if (tier) form.setFieldsValue(tier);
    else form.setFieldsValue({ rank: nextRank });
  }, [open, tier, nextRank, form]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload: TierPayload = {
      name: v.name.trim(),
      rank: Number(v.rank ?? 0),
      min_spend: optional(v.min_spend),
      min_points: optional(v.min_points),
      discount_rate: optional(v.discount_rate),
      points_multiplier: optional(v.points_multiplier) ?? "1",
      birthday_gift: (v.birthday_gift ?? "").trim(),
      birthday_points: optional(v.birthday_points) ?? "0",
      active: !!v.active,
    };
    try {
      if (tier) await updateTier(tier.id, payload);
      else await createTier(payload);
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
      title={tier ? t("tier.editTitle") : t("tier.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={620}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="tier-form-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ points_multiplier: "1", birthday_points: "0", birthday_gift: "", active: true }}
        onFinish={onFinish}
        disabled={submitting}
      >
        <Row gutter={12}>
          <Col xs={24} sm={16}>
            <Form.Item name="name" label={t("tier.name")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
              <Input data-testid="tier-form-name" maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="rank" label={t("tier.rank")} extra={t("tier.rankHelp")} rules={[{ required: true, message: t("validation.required") }]}>
              <InputNumber data-testid="tier-form-rank" min={0} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="min_spend" label={t("tier.minSpendWithCurrency", { currency: currency ?? "" })}>
              <InputNumber<string> data-testid="tier-form-min-spend" stringMode min="0" precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="min_points" label={t("tier.minPoints")}>
              <InputNumber<string> data-testid="tier-form-min-points" stringMode min="0" precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item>
              <span style={{ color: "rgba(0,0,0,0.45)" }}>{t("tier.thresholdHelp")}</span>
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="discount_rate" label={t("tier.discountRate")} extra={t("tier.discountRateHelp")}>
              <InputNumber<string> data-testid="tier-form-discount" stringMode min="0.001" max="1" step="0.05" precision={3} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="points_multiplier" label={t("tier.pointsMultiplier")}>
              <InputNumber<string> data-testid="tier-form-multiplier" stringMode min="0" step="0.5" precision={3} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="birthday_gift" label={t("tier.birthdayGift")}>
              <Input data-testid="tier-form-birthday-gift" maxLength={255} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="birthday_points" label={t("tier.birthdayPoints")}>
              <InputNumber<string> data-testid="tier-form-birthday-points" stringMode min="0" precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="active" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>{t("common.active")}</Checkbox>
        </Form.Item>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

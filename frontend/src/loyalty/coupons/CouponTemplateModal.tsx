import { useEffect, useState } from "react";
import { Button, Checkbox, Col, Form, Input, InputNumber, Modal, Radio, Row, Select } from "antd";
import { fromLocalInput, toLocalInput } from "../../components/datetimeLocal";
import { FormError } from "../../components/FormError";
import { useMoney } from "../../components/money";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { createCouponTemplate, updateCouponTemplate } from "./api";
import type { CouponKind, CouponTemplate, CouponTemplatePayload } from "./types";

interface Values {
  name: string;
  kind: CouponKind;
  value: string | null;
  max_discount: string | null;
  threshold: string | null;
  products: string[];
  categories: string[];
  valid_from: string;
  valid_until: string;
  valid_days: number | null;
  per_member_limit: number | null;
  points_cost: string | null;
  active: boolean;
}

const FIELDS = [
  "name",
  "kind",
  "value",
  "max_discount",
  "threshold",
  "products",
  "categories",
  "valid_from",
  "valid_until",
  "valid_days",
  "per_member_limit",
  "points_cost",
  "active",
];
const cleanList = (list: string[] | undefined) => (list ?? []).map((s) => s.trim()).filter(Boolean);

interface Props {
  open: boolean;
  template: CouponTemplate | null;
  onClose: () => void;
  onSaved: () => void;
}

export function CouponTemplateModal({ open, template, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { currency } = useMoney();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const cur = { currency: currency ?? "" };

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    if (template)
      form.setFieldsValue({ ...template, valid_from: toLocalInput(template.valid_from), valid_until: toLocalInput(template.valid_until) });
  }, [open, template, form]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload: CouponTemplatePayload = {
      name: v.name.trim(),
      kind: v.kind,
      value: String(v.value ?? ""),
      max_discount: v.kind === "percent" && v.max_discount ? String(v.max_discount) : null,
      threshold: v.threshold ? String(v.threshold) : "0",
      products: cleanList(v.products),
      categories: cleanList(v.categories),
      valid_from: fromLocalInput(v.valid_from),
      valid_until: fromLocalInput(v.valid_until),
      valid_days: v.valid_days ? Number(v.valid_days) : null,
      per_member_limit: v.per_member_limit ? Number(v.per_member_limit) : null,
      points_cost: v.points_cost ? String(v.points_cost) : "0",
      active: !!v.active,
    };
    try {
      if (template) await updateCouponTemplate(template.id, payload);
      else await createCouponTemplate(payload);
      onSaved();
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  const tags = (testId: string) => <Select data-testid={testId} mode="tags" tokenSeparators={[",", "，"]} open={false} suffixIcon={null} />;

  return (
    <Modal
      open={open}
      title={template ? t("couponTpl.editTitle") : t("couponTpl.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={680}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="coupon-tpl-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          kind: "amount",
          threshold: "0",
          points_cost: "0",
          products: [],
          categories: [],
          valid_from: "",
          valid_until: "",
          active: true,
        }}
        onFinish={onFinish}
        disabled={submitting}
      >
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t("couponTpl.name")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
              <Input data-testid="coupon-tpl-name" maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="kind" label={t("couponTpl.kind")}>
              <Radio.Group data-testid="coupon-tpl-kind" optionType="button">
                <Radio value="amount">{t("couponKind.amount")}</Radio>
                <Radio value="percent">{t("couponKind.percent")}</Radio>
              </Radio.Group>
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="value"
              label={kind === "percent" ? t("couponTpl.percentOff") : t("couponTpl.amountOff", cur)}
              rules={[{ required: true, message: t("validation.required") }]}
            >
              <InputNumber<string>
                data-testid="coupon-tpl-value"
                stringMode
                min="0.01"
                max={kind === "percent" ? "100" : undefined}
                precision={2}
                suffix={kind === "percent" ? "%" : undefined}
                style={{ width: "100%" }}
              />
            </Form.Item>
          </Col>
          {kind === "percent" ? (
            <Col xs={24} sm={8}>
              <Form.Item name="max_discount" label={t("couponTpl.maxDiscount", cur)}>
                <InputNumber<string> data-testid="coupon-tpl-max" stringMode min="0" precision={2} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} sm={8}>
            <Form.Item name="threshold" label={t("couponTpl.threshold", cur)} extra={t("couponTpl.thresholdHelp")}>
              <InputNumber<string> data-testid="coupon-tpl-threshold" stringMode min="0" precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="products" label={t("couponTpl.products")} extra={t("couponTpl.scopeHelp")}>
              {tags("coupon-tpl-products")}
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="categories" label={t("couponTpl.categories")}>
              {tags("coupon-tpl-categories")}
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="valid_from" label={t("couponTpl.validFrom")}>
              <Input data-testid="coupon-tpl-valid-from" type="datetime-local" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="valid_until" label={t("couponTpl.validUntil")}>
              <Input data-testid="coupon-tpl-valid-until" type="datetime-local" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="valid_days" label={t("couponTpl.validDays")} extra={t("couponTpl.validDaysHelp")}>
              <InputNumber data-testid="coupon-tpl-valid-days" min={1} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="per_member_limit" label={t("couponTpl.perMemberLimit")} extra={t("couponTpl.noLimitHelp")}>
              <InputNumber data-testid="coupon-tpl-limit" min={1} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="points_cost" label={t("couponTpl.pointsCost")} extra={t("couponTpl.pointsCostHelp")}>
              <InputNumber<string> data-testid="coupon-tpl-points-cost" stringMode min="0" precision={2} style={{ width: "100%" }} />
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

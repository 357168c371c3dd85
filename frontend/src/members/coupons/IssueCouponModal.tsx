import { useEffect, useState } from "react";
import { Button, Form, Input, Modal, Select } from "antd";
import { FormError } from "../../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useIdempotencyKey } from "../../components/useIdempotencyKey";
import { useI18n } from "../../i18n";
import { issueCoupon, listCouponTemplates } from "../../loyalty/coupons/api";
import { useCouponValueText } from "../../loyalty/coupons/format";
import type { CouponReason, CouponTemplate } from "../../loyalty/coupons/types";

interface Values {
  template: number;
  reason: CouponReason;
  note: string;
}

interface Props {
  open: boolean;
  customerId: number;
  onClose: () => void;
  onDone: () => void;
}

/** Owner/manager: issue a coupon from an active template (manual or campaign). */
export function IssueCouponModal({ open, customerId, onClose, onDone }: Props) {
  const { t } = useI18n();
  const valueText = useCouponValueText();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const idem = useIdempotencyKey(open);
  const [form] = Form.useForm<Values>();
  const [templates, setTemplates] = useState<CouponTemplate[]>([]);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    listCouponTemplates()
      .then((all) => setTemplates(all.filter((tpl) => tpl.active)))
      .catch((err: unknown) => setTopError(handleError(err)));
  }, [open, form, handleError]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      await issueCoupon({ template: v.template, customer: customerId, reason: v.reason, note: (v.note ?? "").trim() }, idem.get());
      idem.settle();
      onDone();
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, ["template", "reason", "note"]));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t("memberCoupons.issueTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="coupon-issue-submit" loading={submitting} onClick={() => form.submit()}>
          {t("memberCoupons.issue")}
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ reason: "manual", note: "" }}
        onFinish={onFinish}
        disabled={submitting}
      >
        <Form.Item name="template" label={t("memberCoupons.template")} rules={[{ required: true, message: t("validation.required") }]}>
          <Select
            data-testid="coupon-issue-template"
            showSearch
            optionFilterProp="label"
            notFoundContent={t("memberCoupons.noTemplates")}
            options={templates.map((tpl) => ({ value: tpl.id, label: `${tpl.name} · ${valueText(tpl)}` }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t("memberCoupons.issueReason")}>
          <Select
            data-testid="coupon-issue-reason"
            options={[
              { value: "manual", label: t("couponReason.manual") },
              { value: "campaign", label: t("couponReason.campaign") },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t("memberCoupons.note")}>
          <Input.TextArea data-testid="coupon-issue-note" rows={2} maxLength={500} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}

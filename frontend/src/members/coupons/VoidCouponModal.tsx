import { useEffect, useState } from "react";
import { Button, Form, Input, Modal } from "antd";
import { FormError } from "../../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { voidCoupon } from "../../loyalty/coupons/api";
import type { Coupon } from "../../loyalty/coupons/types";

interface Props {
  coupon: Coupon | null;
  onClose: () => void;
  onDone: () => void;
}

/** Owner/manager: void an issued coupon with a reason. */
export function VoidCouponModal({ coupon, onClose, onDone }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<{ reason: string }>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const open = !!coupon;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
  }, [open, form]);

  async function onFinish(v: { reason: string }) {
    if (!coupon) return;
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      await voidCoupon(coupon.code, v.reason.trim());
      onDone();
    } catch (err) {
      setTopError(handleError(err, form, ["reason"]));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={`${t("memberCoupons.voidTitle")}${coupon ? ` · ${coupon.code}` : ""}`}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" danger type="primary" data-testid="coupon-void-submit" loading={submitting} onClick={() => form.submit()}>
          {t("memberCoupons.void")}
        </Button>,
      ]}
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="reason" label={t("common.reason")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
          <Input.TextArea data-testid="coupon-void-reason" rows={2} maxLength={500} autoFocus />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}

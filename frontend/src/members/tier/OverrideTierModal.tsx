import { useEffect, useState } from "react";
import { Button, Form, Input, Modal, Select } from "antd";
import { FormError } from "../../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { listTiers, overrideCustomerTier } from "../../loyalty/tiers/api";
import type { CustomerTierState, Tier } from "../../loyalty/tiers/types";

/** 0 = back to automatic (the API's tier=null). */
const AUTOMATIC = 0;

interface Values {
  tier: number;
  reason: string;
}

interface Props {
  open: boolean;
  customerId: number;
  current: CustomerTierState | null;
  onClose: () => void;
  onDone: (state: CustomerTierState) => void;
}

/** Owner/manager: set a tier by hand (or return to automatic) with a reason. */
export function OverrideTierModal({ open, customerId, current, onClose, onDone }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    form.setFieldsValue({ tier: current?.tier?.id ?? AUTOMATIC });
    listTiers()
      .then((all) => setTiers(all.filter((tier) => tier.active || tier.id === current?.tier?.id)))
      .catch((err: unknown) => setTopError(handleError(err)));
  }, [open, current, form, handleError]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      onDone(await overrideCustomerTier(customerId, v.tier || null, v.reason.trim()));
    } catch (err) {
      setTopError(handleError(err, form, ["tier", "reason"]));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t("memberTier.overrideTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="tier-override-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="tier" label={t("memberTier.tier")}>
          <Select
            data-testid="tier-override-select"
            options={[
              { value: AUTOMATIC, label: t("memberTier.automatic") },
              ...tiers.map((tier) => ({ value: tier.id, label: tier.name })),
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={t("common.reason")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
          <Input.TextArea data-testid="tier-override-reason" rows={2} maxLength={500} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}

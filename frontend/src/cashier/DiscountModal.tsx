import { useEffect, useState } from "react";
import { Button, Form, Input, Modal, Segmented, Space } from "antd";
import { useI18n } from "../i18n";
import { HUNDRED, dec, isAmountText } from "./decimal";
import type { ManualDiscount } from "./types";

interface Props {
  open: boolean;
  initial: ManualDiscount | null;
  onCancel: () => void;
  onSave: (discount: ManualDiscount | null) => void;
}

/** Manual order discount (percent or amount) with a mandatory reason. */
export function DiscountModal({ open, initial, onCancel, onSave }: Props) {
  const { t } = useI18n();
  const [type, setType] = useState<ManualDiscount["type"]>("percent");
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");

  useEffect(() => {
    if (!open) return;
    setType(initial?.type ?? "percent");
    setValue(initial?.value ?? "");
    setReason(initial?.reason ?? "");
  }, [open, initial]);

  const valueOk = isAmountText(value) && dec(value) > 0n && (type !== "percent" || dec(value) <= HUNDRED);
  const valid = valueOk && reason.trim().length > 0;

  function submit() {
    if (valid) onSave({ type, value: value.trim(), reason: reason.trim() });
  }

  return (
    <Modal
      open={open}
      title={t("cashier.discount.title")}
      onCancel={onCancel}
      destroyOnHidden
      footer={
        <Space>
          {initial ? (
            <Button danger data-testid="discount-remove" onClick={() => onSave(null)}>
              {t("cashier.discount.remove")}
            </Button>
          ) : null}
          <Button onClick={onCancel}>{t("common.cancel")}</Button>
          <Button type="primary" data-testid="discount-save" disabled={!valid} onClick={submit}>
            {t("cashier.discount.apply")}
          </Button>
        </Space>
      }
    >
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t("cashier.discount.type")}>
          <Segmented<ManualDiscount["type"]>
            data-testid="discount-type"
            value={type}
            onChange={setType}
            options={[
              { value: "percent", label: t("cashier.discount.percent") },
              { value: "amount", label: t("cashier.discount.amount") },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={type === "percent" ? t("cashier.discount.percentValue") : t("cashier.discount.amountValue")}
          validateStatus={value && !valueOk ? "error" : undefined}
          help={value && !valueOk ? t("cashier.discount.valueError") : undefined}
        >
          <Input
            autoFocus
            data-testid="discount-value"
            inputMode="decimal"
            value={value}
            suffix={type === "percent" ? "%" : undefined}
            onChange={(e) => setValue(e.target.value.trim())}
            onPressEnter={submit}
          />
        </Form.Item>
        <Form.Item label={t("cashier.discount.reason")} required>
          <Input data-testid="discount-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} onPressEnter={submit} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

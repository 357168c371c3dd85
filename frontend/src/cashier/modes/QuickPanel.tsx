import { useState } from "react";
import { Button, Card, Form, Input } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useI18n } from "../../i18n";
import { isAmountText } from "../decimal";

interface Props {
  onAdd: (amount: string, description: string) => void;
}

/** "Amount only" sale: type an amount and an optional description. */
export function QuickPanel({ onAdd }: Props) {
  const { t } = useI18n();
  const [amount, setAmount] = useState("");
  const [description, setDescription] = useState("");
  const valid = isAmountText(amount) && /[1-9]/.test(amount);

  function add() {
    if (!valid) return;
    onAdd(amount.trim(), description.trim() || t("cashier.quick.defaultDescription"));
    setAmount("");
    setDescription("");
  }

  return (
    <Card size="small" title={t("cashier.quick.title")} data-testid="cashier-quick">
      <Form layout="vertical" onFinish={add}>
        <Form.Item label={t("cashier.quick.amount")} validateStatus={amount && !valid ? "error" : undefined}>
          <Input
            data-testid="cashier-quick-amount"
            inputMode="decimal"
            size="large"
            value={amount}
            onChange={(e) => setAmount(e.target.value.trim())}
            onPressEnter={add}
            autoComplete="off"
          />
        </Form.Item>
        <Form.Item label={t("cashier.quick.description")}>
          <Input
            data-testid="cashier-quick-description"
            value={description}
            maxLength={200}
            placeholder={t("cashier.quick.defaultDescription")}
            onChange={(e) => setDescription(e.target.value)}
            onPressEnter={add}
          />
        </Form.Item>
        <Button type="primary" icon={<PlusOutlined />} data-testid="cashier-quick-add" disabled={!valid} onClick={add}>
          {t("cashier.quick.add")}
        </Button>
      </Form>
    </Card>
  );
}

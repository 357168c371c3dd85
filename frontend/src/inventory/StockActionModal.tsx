import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Modal, Select } from "antd";
import type { Store } from "../catalog/types";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n, type MessageKey } from "../i18n";
import { adjustStock, listStockLevels, receiveStock, removeStock } from "./api";
import { isDecimal, isNegativeDecimal, stockValue, subtractDecimal, trimDecimal } from "./decimal";
import { useStockFormat } from "./format";
import { ProductSelect, type ProductRef } from "./ProductSelect";
import { StockLinesField, toCostLines, toLines, type LineValues } from "./StockLinesField";
import { pickStore, useActionStores } from "./storeChoices";
import type { StockLevel, StockMovement } from "./types";

export type StockAction = "receive" | "damage" | "return_to_supplier" | "adjust";

const TITLES: Record<StockAction, MessageKey> = {
  receive: "inventory.action.receive",
  damage: "inventory.action.damage",
  return_to_supplier: "inventory.action.return",
  adjust: "inventory.action.adjust",
};
const HINTS: Record<StockAction, MessageKey> = {
  receive: "inventory.action.receiveHint",
  damage: "inventory.action.damageHint",
  return_to_supplier: "inventory.action.returnHint",
  adjust: "inventory.action.adjustHint",
};
const DONE: Record<StockAction, MessageKey> = {
  receive: "inventory.action.received",
  damage: "inventory.action.writtenOff",
  return_to_supplier: "inventory.action.returned",
  adjust: "inventory.action.adjusted",
};

interface Values {
  store: number;
  lines: LineValues[];
  product?: number;
  counted?: string | null;
  reason?: string;
}

interface Props {
  open: boolean;
  action: StockAction;
  stores: Store[];
  store?: number;
  /** Prefill one line (or the adjusted product) from a row of the stock table. */
  level?: StockLevel | null;
  onClose: () => void;
  onDone: (movement: StockMovement) => void;
}

/** Receive goods, write off damage, return to the supplier, or set on hand to a count. */
export function StockActionModal({ open, action, stores, store, level, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const fmt = useStockFormat();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const idem = useIdempotencyKey(open);
  const [form] = Form.useForm<Values>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [current, setCurrent] = useState<StockLevel | null>(null);
  const chosenStore = Form.useWatch("store", form);
  const chosenProduct = Form.useWatch("product", form);
  const counted = Form.useWatch("counted", form);
  const seed: ProductRef[] = level ? [{ id: level.product, name: level.product_name }] : [];
  // Stores in use (and the one shown) that the user may act on: the server refuses the others.
  const inUse = useMemo(() => stores.filter((s) => s.active || s.id === store), [stores, store]);
  const choices = useActionStores(inUse);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    const line: LineValues = level ? { product: level.product, quantity: null } : {};
    if (level && action === "receive") line.unit_cost = isDecimal(level.avg_cost) && /[1-9]/.test(level.avg_cost) ? trimDecimal(level.avg_cost) : null;
    form.setFieldsValue({
      // A row of a store the user may not act on leaves the store to choose (no silent switch).
      store: level && !choices.some((s) => s.id === level.store) ? undefined : pickStore(choices, level?.store ?? store),
      lines: [line],
      product: level?.product,
      counted: null,
      reason: "",
    });
  }, [open, action, level, store, choices, form]);

  // Adjust to count: show what the system has now, so the difference is visible before saving.
  useEffect(() => {
    if (!open || action !== "adjust" || !chosenStore || !chosenProduct) {
      setCurrent(null);
      return;
    }
    const controller = new AbortController();
    listStockLevels({ store: chosenStore, product: chosenProduct }, controller.signal)
      .then((page) => setCurrent(page.results[0] ?? null))
      .catch(() => !controller.signal.aborted && setCurrent(null));
    return () => controller.abort();
  }, [open, action, chosenStore, chosenProduct]);

  async function onFinish(values: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const reason = (values.reason ?? "").trim();
    try {
      let movement: StockMovement;
      if (action === "receive") {
        movement = await receiveStock({ store: values.store, lines: toCostLines(values.lines), reason }, idem.get());
      } else if (action === "adjust") {
        movement = await adjustStock(
          { store: values.store, product: values.product as number, counted: String(values.counted).trim(), reason },
          idem.get(),
        );
      } else {
        movement = await removeStock({ store: values.store, kind: action, lines: toLines(values.lines), reason }, idem.get());
      }
      idem.settle();
      message.success(t(DONE[action]));
      onDone(movement);
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, ["store", "product", "counted", "reason"]));
    } finally {
      setSubmitting(false);
    }
  }

  const onHand = current?.on_hand ?? "0";
  const difference = isDecimal(counted == null ? "" : String(counted)) ? subtractDecimal(String(counted), onHand) : null;
  const differenceValue = difference !== null ? stockValue(difference, current?.avg_cost ?? "0") : null;
  const reasonRequired = action === "adjust" || action === "damage";

  return (
    <Modal
      open={open}
      title={t(TITLES[action])}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={action === "adjust" ? 560 : 760}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="stock-action-submit" loading={submitting} onClick={() => form.submit()}>
          {t(TITLES[action])}
        </Button>,
      ]}
    >
      <Alert type="info" showIcon message={t(HINTS[action])} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="store" label={t("inventory.store")} rules={[{ required: true, message: t("validation.required") }]}>
          <Select
            data-testid="stock-action-store"
            options={choices.map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        {action === "adjust" ? (
          <>
            <Form.Item name="product" label={t("inventory.col.product")} rules={[{ required: true, message: t("validation.required") }]}>
              <ProductSelect data-testid="stock-adjust-product" seed={seed} />
            </Form.Item>
            <Form.Item
              name="counted"
              label={t("inventory.col.counted")}
              rules={[
                { required: true, message: t("validation.required") },
                {
                  validator: async (_, v) => {
                    if (v != null && v !== "" && !/^\d+(\.\d{1,3})?$/.test(String(v).trim())) throw new Error(t("inventory.validation.count"));
                  },
                },
              ]}
            >
              <InputNumber<string> data-testid="stock-adjust-counted" stringMode min="0" style={{ width: "100%" }} />
            </Form.Item>
            {chosenProduct ? (
              <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }} data-testid="stock-adjust-preview">
                <Descriptions.Item label={t("inventory.col.onHand")}>{fmt.qty(onHand)}</Descriptions.Item>
                <Descriptions.Item label={t("inventory.col.difference")}>
                  <span style={{ color: isNegativeDecimal(difference) ? "#cf1322" : undefined }}>{difference === null ? "—" : fmt.signedQty(difference)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t("inventory.col.differenceValue")}>{differenceValue === null ? "—" : fmt.money(differenceValue)}</Descriptions.Item>
              </Descriptions>
            ) : null}
          </>
        ) : (
          <StockLinesField withCost={action === "receive"} seed={seed} />
        )}
        <Form.Item
          name="reason"
          label={t(reasonRequired ? "common.reason" : "inventory.reasonOptional")}
          rules={reasonRequired ? [{ required: true, whitespace: true, message: t("validation.required") }] : []}
        >
          <Input.TextArea data-testid="stock-action-reason" rows={2} maxLength={500} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}

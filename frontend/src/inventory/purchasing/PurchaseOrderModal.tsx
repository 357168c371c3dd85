import { useEffect, useMemo, useState } from "react";
import { Button, Col, Form, Input, Modal, Row, Select } from "antd";
import type { Store } from "../../catalog/types";
import { FormError } from "../../components/FormError";
import { filterByValueOrLabel } from "../../components/selectSearch";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { trimDecimal } from "../decimal";
import { StockLinesField, toCostLines, type LineValues } from "../StockLinesField";
import { pickStore, useActionStores } from "../storeChoices";
import { createPurchaseOrder, updatePurchaseOrder } from "./api";
import type { PurchaseOrder, Supplier } from "./types";

interface Values {
  store: number;
  supplier: number;
  expected_at?: string;
  note?: string;
  lines: LineValues[];
}

const FIELDS = ["store", "supplier", "expected_at", "note"];

interface Props {
  open: boolean;
  order: PurchaseOrder | null;
  stores: Store[];
  suppliers: Supplier[];
  store?: number;
  onClose: () => void;
  onSaved: (order: PurchaseOrder) => void;
}

/** A new purchase order (a draft), or changes to a draft: supplier, store, lines at a unit cost. */
export function PurchaseOrderModal({ open, order, stores, suppliers, store, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Stores in use that the user works in (the server refuses the others), plus this draft's own.
  const inUse = useMemo(() => stores.filter((s) => s.active || s.id === order?.store), [stores, order]);
  const choices = useActionStores(inUse, order?.store ?? null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    if (order) {
      form.setFieldsValue({
        store: order.store,
        supplier: order.supplier,
        expected_at: order.expected_at ?? "",
        note: order.note,
        lines: order.lines.map((line) => ({ product: line.product, quantity: trimDecimal(line.quantity), unit_cost: trimDecimal(line.unit_cost) })),
      });
    } else {
      form.setFieldsValue({ store: pickStore(choices, store), lines: [{}], expected_at: "", note: "" });
    }
  }, [open, order, store, choices, form]);

  async function onFinish(values: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload = {
      store: values.store,
      supplier: values.supplier,
      expected_at: values.expected_at || null,
      note: (values.note ?? "").trim(),
      lines: toCostLines(values.lines),
    };
    try {
      onSaved(order ? await updatePurchaseOrder(order.id, payload) : await createPurchaseOrder(payload));
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  const seed = order ? order.lines.map((line) => ({ id: line.product, name: line.product_name })) : undefined;

  return (
    <Modal
      open={open}
      title={order ? `${t("inventory.po.editTitle")} · ${order.number}` : t("inventory.po.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={820}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="po-form-submit" loading={submitting} onClick={() => form.submit()}>
          {t("inventory.po.saveDraft")}
        </Button>,
      ]}
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="supplier" label={t("inventory.po.supplier")} rules={[{ required: true, message: t("validation.required") }]}>
              <Select
                data-testid="po-form-supplier"
                showSearch
                filterOption={filterByValueOrLabel}
                options={suppliers.filter((s) => s.active || s.id === order?.supplier).map((s) => ({ value: s.id, label: s.name }))}
                notFoundContent={t("inventory.po.noSuppliers")}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="store" label={t("inventory.po.deliverTo")} rules={[{ required: true, message: t("validation.required") }]}>
              <Select data-testid="po-form-store" options={choices.map((s) => ({ value: s.id, label: s.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="expected_at" label={t("inventory.po.expectedAt")}>
              <Input data-testid="po-form-expected" type="date" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="note" label={t("inventory.po.note")}>
              <Input data-testid="po-form-note" maxLength={500} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <StockLinesField withCost seed={seed} testPrefix="po-line" />
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}

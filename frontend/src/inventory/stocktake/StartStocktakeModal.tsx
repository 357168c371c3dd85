import { useEffect, useMemo, useState } from "react";
import { Alert, Button, Form, Input, Modal, Select } from "antd";
import { listCategories } from "../../catalog/api";
import type { Category, Store } from "../../catalog/types";
import { FormError } from "../../components/FormError";
import { filterByValueOrLabel } from "../../components/selectSearch";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { pickStore, useActionStores } from "../storeChoices";
import { startStocktake } from "./api";
import type { StocktakeDetail } from "./types";

interface Values {
  store: number;
  category?: number | null;
  note?: string;
}

interface Props {
  open: boolean;
  stores: Store[];
  store?: number;
  onClose: () => void;
  onStarted: (stocktake: StocktakeDetail) => void;
}

/** Open a counting session for a store (optionally one category): the sheet expects on hand now. */
export function StartStocktakeModal({ open, stores, store, onClose, onStarted }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const [categories, setCategories] = useState<Category[]>([]);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Active stores the user works in: the server refuses to count any other.
  const active = useMemo(() => stores.filter((s) => s.active), [stores]);
  const choices = useActionStores(active);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    form.setFieldsValue({ store: pickStore(choices, store), category: null, note: "" });
    listCategories()
      .then(setCategories)
      .catch(() => setCategories([]));
  }, [open, store, choices, form]);

  async function onFinish(values: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      onStarted(await startStocktake({ store: values.store, category: values.category ?? null, note: (values.note ?? "").trim() }));
    } catch (err) {
      setTopError(handleError(err, form, ["store", "category", "note"]));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t("inventory.stocktake.startTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="stocktake-start-submit" loading={submitting} onClick={() => form.submit()}>
          {t("inventory.stocktake.start")}
        </Button>,
      ]}
    >
      <Alert type="info" showIcon message={t("inventory.stocktake.startHint")} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="store" label={t("inventory.store")} rules={[{ required: true, message: t("validation.required") }]}>
          <Select data-testid="stocktake-start-store" options={choices.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item name="category" label={t("inventory.stocktake.category")} extra={t("inventory.stocktake.categoryHelp")}>
          <Select
            data-testid="stocktake-start-category"
            allowClear
            showSearch
            filterOption={filterByValueOrLabel}
            placeholder={t("inventory.stocktake.allProducts")}
            options={categories.map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t("inventory.po.note")}>
          <Input.TextArea data-testid="stocktake-start-note" rows={2} maxLength={2000} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}

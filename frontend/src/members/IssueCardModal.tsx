import { useEffect, useRef, useState } from "react";
import { App, Button, Form, Input, Modal, Select } from "antd";
import { FormError } from "../components/FormError";
import { useMoney } from "../components/money";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n } from "../i18n";
import { issueCard, listCardTypes } from "../loyalty/api";
import { useLoyaltyLabels } from "../loyalty/labels";
import type { CardDetail, CardType } from "../loyalty/types";

interface Values {
  card_type: number;
  number?: string;
}

interface Props {
  open: boolean;
  customerId: number;
  onClose: () => void;
  onIssued: (card: CardDetail) => void;
}

/** Pick an active card type (searchable) and an optional card number. */
export function IssueCardModal({ open, customerId, onClose, onIssued }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { money } = useMoney();
  const labels = useLoyaltyLabels();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const idem = useIdempotencyKey(open);
  const [form] = Form.useForm<Values>();
  const [types, setTypes] = useState<CardType[]>([]);
  const [loadingTypes, setLoadingTypes] = useState(false);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const loaded = useRef(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    if (loaded.current) return;
    setLoadingTypes(true);
    listCardTypes()
      .then((list) => {
        loaded.current = true;
        setTypes(list.filter((ct) => ct.active));
      })
      .catch((err: unknown) => setTopError(handleError(err)))
      .finally(() => setLoadingTypes(false));
  }, [open, form, handleError]);

  async function onFinish(values: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const number = values.number?.trim();
      const card = await issueCard({ customer: customerId, card_type: values.card_type, ...(number ? { number } : {}) }, idem.get());
      idem.settle();
      message.success(t("issue.done", { number: card.number }));
      onIssued(card);
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, ["card_type", "number"]));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t("issue.title")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="card-issue-submit" loading={submitting} onClick={() => form.submit()}>
          {t("issue.submit")}
        </Button>,
      ]}
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="card_type" label={t("issue.cardType")} rules={[{ required: true, message: t("validation.required") }]}>
          <Select
            data-testid="card-issue-type"
            showSearch
            loading={loadingTypes}
            placeholder={t("common.select")}
            optionFilterProp="search"
            notFoundContent={loadingTypes ? t("common.loading") : t("issue.noTypes")}
            options={types.map((ct) => ({
              value: ct.id,
              search: `${ct.name} ${labels.cardKind(ct.kind)}`,
              label: `${ct.name} · ${labels.cardKind(ct.kind)}${/[1-9]/.test(ct.price ?? "") ? ` · ${money(ct.price)}` : ""}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="number" label={t("issue.number")} extra={t("issue.numberHelp")}>
          <Input data-testid="card-issue-number" maxLength={32} autoComplete="off" />
        </Form.Item>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

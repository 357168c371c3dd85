import { useLayoutEffect, useState } from "react";
import { App, Button, Form, Modal, Select } from "antd";
import { setStaffStores } from "../api/endpoints";
import type { StaffMember } from "../api/types";
import type { Store } from "../catalog/types";
import { FormError } from "../components/FormError";
import { filterByValueOrLabel } from "../components/selectSearch";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";

/** Options of a store multi-select: open stores, plus closed ones already chosen. */
export function storeOptions(stores: Store[], chosen: number[] = []) {
  return stores.filter((s) => s.active || chosen.includes(s.id)).map((s) => ({ value: s.id, label: s.name }));
}

interface Props {
  member: StaffMember | null;
  stores: Store[];
  onClose: () => void;
  onSaved: (member: StaffMember) => void;
}

/** Which stores a staff member works in; none chosen means every store. */
export function StaffStoresModal({ member, stores, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<{ stores: number[] }>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  // Before paint: a field typed into right after opening is never reset.
  useLayoutEffect(() => {
    if (!member) return;
    form.setFieldsValue({ stores: member.stores ?? [] });
    setTopError(null);
  }, [member, form]);

  async function onFinish(values: { stores: number[] }) {
    if (!member) return;
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const saved = await setStaffStores(member.id, values.stores ?? []);
      message.success(t("staffStores.saved"));
      onSaved(saved);
    } catch (err) {
      setTopError(handleError(err, form, ["stores"]));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={member !== null}
      title={t("staffStores.editTitle", { name: member ? member.name || member.email : "" })}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="staff-stores-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="stores" label={t("staffStores.label")} extra={t("staffStores.help")}>
          <Select<number[]>
            data-testid="staff-stores-select"
            mode="multiple"
            allowClear
            showSearch
            filterOption={filterByValueOrLabel}
            placeholder={t("staffStores.all")}
            options={storeOptions(stores, member?.stores)}
          />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}

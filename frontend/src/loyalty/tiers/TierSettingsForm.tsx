import { useEffect, useState } from "react";
import { App, Button, Form, InputNumber, Space, Switch } from "antd";
import { FormError } from "../../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { getTierSettings, updateTierSettings } from "./api";
import type { TierSettings } from "./types";

/** Qualification window and automatic downgrade. */
export function TierSettingsForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<TierSettings>();
  const [saving, setSaving] = useState(false);
  const [topError, setTopError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    getTierSettings()
      .then((s) => !cancelled && form.setFieldsValue(s))
      .catch((err: unknown) => !cancelled && setTopError(handleError(err)));
    return () => {
      cancelled = true;
    };
  }, [form, handleError]);

  async function onFinish(v: TierSettings) {
    setTopError(null);
    dismissError();
    setSaving(true);
    try {
      form.setFieldsValue(await updateTierSettings({ window_days: Number(v.window_days), allow_downgrade: !!v.allow_downgrade }));
      message.success(t("tier.settingsSaved"));
    } catch (err) {
      setTopError(handleError(err, form, ["window_days", "allow_downgrade"]));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form<TierSettings> form={form} layout="inline" onFinish={onFinish} disabled={saving} style={{ rowGap: 8 }}>
      <Form.Item name="window_days" label={t("tier.windowDays")} rules={[{ required: true, message: t("validation.required") }]}>
        <InputNumber data-testid="tier-window-days" min={1} precision={0} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="allow_downgrade" label={t("tier.allowDowngrade")} valuePropName="checked">
        <Switch data-testid="tier-allow-downgrade" />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button htmlType="submit" data-testid="tier-settings-save" loading={saving}>
            {t("common.save")}
          </Button>
        </Space>
      </Form.Item>
      {topError ? (
        <div style={{ width: "100%" }}>
          <FormError message={topError} />
        </div>
      ) : null}
    </Form>
  );
}

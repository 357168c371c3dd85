import { useEffect, useState } from "react";
import { Alert, App, Form, Spin, Switch, Typography } from "antd";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { getInventorySettings, updateInventorySettings } from "./api";
import type { InventorySettings } from "./types";

/** The shop's stock rules; only the owner may change them. */
export function InventorySettingsTab({ owner }: { owner: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [settings, setSettings] = useState<InventorySettings | null>(null);
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState(false);
  const [topError, setTopError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    getInventorySettings()
      .then((s) => !cancelled && setSettings(s))
      .catch((err: unknown) => !cancelled && setTopError(handleError(err)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [handleError]);

  async function onToggle(allow: boolean) {
    setTopError(null);
    dismissError();
    setSaving(true);
    try {
      setSettings(await updateInventorySettings({ allow_negative_stock: allow }));
      message.success(t("inventory.settings.saved"));
    } catch (err) {
      setTopError(handleError(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Spin spinning={loading}>
      {!owner ? <Alert type="info" showIcon message={t("inventory.settings.ownerOnly")} style={{ marginBottom: 16 }} /> : null}
      <Form layout="vertical" style={{ maxWidth: 560 }}>
        <Form.Item label={t("inventory.settings.allowNegative")} extra={t("inventory.settings.allowNegativeHelp")}>
          <Switch
            data-testid="settings-allow-negative"
            checked={!!settings?.allow_negative_stock}
            disabled={!owner || !settings}
            loading={saving}
            onChange={(v) => void onToggle(v)}
          />
          <Typography.Text style={{ marginInlineStart: 8 }}>
            {settings?.allow_negative_stock ? t("inventory.settings.negativeOn") : t("inventory.settings.negativeOff")}
          </Typography.Text>
        </Form.Item>
      </Form>
      <FormError message={topError} />
    </Spin>
  );
}

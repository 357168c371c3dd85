import { useEffect, useState } from "react";
import { App, Button, Col, Form, InputNumber, Row, Select, Spin, Switch } from "antd";
import { FormError } from "../../components/FormError";
import { useMoney } from "../../components/money";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { getPointsSettings, updatePointsSettings } from "./api";
import { ROUNDINGS, type PointsSettings } from "./types";

interface Values extends Omit<PointsSettings, "expiry_days"> {
  expiry_days: number | null;
}

const FIELDS = [
  "enabled",
  "spend_unit",
  "points_per_unit",
  "rounding",
  "fractional",
  "point_value",
  "expiry_days",
  "signup_bonus",
  "referral_bonus",
  "birthday_bonus",
];

const str = (v: unknown, fallback = "0") => (v === null || v === undefined || v === "" ? fallback : String(v));

/** Earn rate, rounding, point value, expiry and bonuses (owner or manager). */
export function PointsSettingsForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { currency } = useMoney();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState(false);
  const [topError, setTopError] = useState<string | null>(null);
  const cur = { currency: currency ?? "" };

  useEffect(() => {
    let cancelled = false;
    getPointsSettings()
      .then((s) => !cancelled && form.setFieldsValue(s))
      .catch((err: unknown) => !cancelled && setTopError(handleError(err)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [form, handleError]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSaving(true);
    try {
      const saved = await updatePointsSettings({
        enabled: !!v.enabled,
        spend_unit: str(v.spend_unit),
        points_per_unit: str(v.points_per_unit),
        rounding: v.rounding,
        fractional: !!v.fractional,
        point_value: str(v.point_value),
        expiry_days: v.expiry_days ? Number(v.expiry_days) : null,
        signup_bonus: str(v.signup_bonus),
        referral_bonus: str(v.referral_bonus),
        birthday_bonus: str(v.birthday_bonus),
      });
      form.setFieldsValue(saved);
      message.success(t("points.settingsSaved"));
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSaving(false);
    }
  }

  const num = (testId: string, props: { min?: string; precision?: number; suffix?: string } = {}) => (
    <InputNumber<string> data-testid={testId} stringMode min={props.min ?? "0"} precision={props.precision ?? 2} suffix={props.suffix} style={{ width: "100%" }} />
  );

  return (
    <Spin spinning={loading}>
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={saving} style={{ maxWidth: 760 }}>
        <Form.Item name="enabled" label={t("points.enabled")} valuePropName="checked">
          <Switch data-testid="points-enabled" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="spend_unit"
              label={t("points.spendUnit", cur)}
              extra={t("points.earnRateHelp")}
              rules={[{ required: true, message: t("validation.required") }]}
            >
              {num("points-spend-unit", { min: "0.01" })}
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="points_per_unit" label={t("points.pointsPerUnit")} rules={[{ required: true, message: t("validation.required") }]}>
              {num("points-per-unit")}
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="rounding" label={t("points.rounding")}>
              <Select data-testid="points-rounding" options={ROUNDINGS.map((r) => ({ value: r, label: t(`rounding.${r}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="fractional" label={t("points.fractional")} valuePropName="checked" extra={t("points.fractionalHelp")}>
              <Switch data-testid="points-fractional" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="point_value" label={t("points.pointValue", cur)} rules={[{ required: true, message: t("validation.required") }]}>
              {num("points-point-value", { precision: 4 })}
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="expiry_days" label={t("points.expiryDays")} extra={t("points.expiryDaysHelp")}>
              <InputNumber data-testid="points-expiry-days" min={1} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="signup_bonus" label={t("points.signupBonus")}>
              {num("points-signup-bonus")}
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="referral_bonus" label={t("points.referralBonus")}>
              {num("points-referral-bonus")}
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="birthday_bonus" label={t("points.birthdayBonus")}>
              {num("points-birthday-bonus")}
            </Form.Item>
          </Col>
        </Row>
        <FormError message={topError} />
        <Button type="primary" htmlType="submit" data-testid="points-settings-save" loading={saving}>
          {t("common.save")}
        </Button>
      </Form>
    </Spin>
  );
}

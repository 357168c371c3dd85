import { useEffect, useMemo, useState } from "react";
import { App, Button, Card, Form, Input, Result, Select, Skeleton, Typography } from "antd";
import { Link } from "react-router-dom";
import { ApiError, toApiError } from "../api/client";
import { checkSubdomain, getSignupOptions, signup } from "../api/endpoints";
import type { Option, SignupOptions, SignupPayload } from "../api/types";
import { FormError } from "../components/FormError";
import { filterByValueOrLabel } from "../components/selectSearch";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { bootstrap } from "../config";
import { normalizeLang, useI18n, type Lang } from "../i18n";

const FIELD_NAMES = ["shop_name", "subdomain", "email", "password", "trade", "language", "currency", "time_zone"] as const;
const SUBDOMAIN_RE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const PASSWORD_MIN = 10;
const CURRENCY_BY_LANG: Record<Lang, string> = { "zh-hant": "TWD", "zh-hans": "CNY", en: "USD" };
const TIME_ZONE_BY_LANG: Record<Lang, string> = { "zh-hant": "Asia/Taipei", "zh-hans": "Asia/Shanghai", en: "UTC" };

function hasOption(options: Option[], value: string | undefined): value is string {
  return Boolean(value) && options.some((o) => o.value === value);
}

function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Default currency for a shop language (zh-hant→TWD, zh-hans→CNY, en→USD) if offered. */
function defaultCurrency(options: SignupOptions, language: string | undefined): string | undefined {
  const lang = normalizeLang(language);
  const wanted = lang ? CURRENCY_BY_LANG[lang] : undefined;
  return hasOption(options.currencies, wanted) ? wanted : undefined;
}

function defaultTimeZone(options: SignupOptions, lang: Lang): string | undefined {
  for (const candidate of [browserTimeZone(), TIME_ZONE_BY_LANG[lang]]) {
    if (candidate && options.time_zones.includes(candidate)) return candidate;
  }
  return undefined;
}

export function SignupPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<SignupPayload>();
  const [options, setOptions] = useState<SignupOptions | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [available, setAvailable] = useState<string | null>(null);
  const subdomain = Form.useWatch("subdomain", form);

  // Option labels are translated by the server: reload them when the UI language changes.
  useEffect(() => {
    const controller = new AbortController();
    getSignupOptions(controller.signal)
      .then((data) => {
        setOptions(data);
        setLoadError(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setLoadError(toApiError(err).message);
      });
    return () => controller.abort();
  }, [lang, reloadKey]);

  // Fill defaults for fields the user has not set yet.
  useEffect(() => {
    if (!options) return;
    const values = form.getFieldsValue();
    const patch: Partial<SignupPayload> = {};
    if (!values.language && hasOption(options.languages, lang)) patch.language = lang;
    const language = patch.language ?? values.language;
    if (!values.currency) patch.currency = defaultCurrency(options, language);
    if (!values.time_zone) patch.time_zone = defaultTimeZone(options, lang);
    form.setFieldsValue(patch);
  }, [options, form, lang]);

  const baseDomain = options?.base_domain || bootstrap.baseDomain;

  const selectOptions = useMemo(
    () => ({
      trades: options?.trades ?? [],
      languages: options?.languages ?? [],
      currencies: options?.currencies ?? [],
      timeZones: (options?.time_zones ?? []).map((z) => ({ value: z, label: z })),
    }),
    [options],
  );

  async function validateSubdomain(_: unknown, value: string | undefined) {
    if (!value || !SUBDOMAIN_RE.test(value)) return;
    let result;
    try {
      result = await checkSubdomain(value);
    } catch (err) {
      // If the check itself fails (network, throttling), let the server decide on submit.
      if (err instanceof ApiError) return;
      throw err;
    }
    if (!result.available) throw new Error(result.reason || t("signup.subdomainTaken"));
    setAvailable(value);
  }

  async function onFinish(values: SignupPayload) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const result = await signup(values);
      message.success(t("signup.success"));
      window.location.assign(result.login_url);
    } catch (err) {
      setTopError(handleError(err, form, FIELD_NAMES));
      setSubmitting(false);
    }
  }

  function onValuesChange(changed: Partial<SignupPayload>) {
    // Follow the shop language with the currency until the user picks one explicitly.
    if (changed.language && options && !form.isFieldTouched("currency")) {
      const currency = defaultCurrency(options, changed.language);
      if (currency) form.setFieldsValue({ currency });
    }
  }

  if (!options) {
    return (
      <div className="hy-section" style={{ maxWidth: 560 }}>
        {loadError ? (
          <Result
            status="warning"
            title={t("signup.optionsError")}
            subTitle={loadError}
            extra={
              <Button type="primary" onClick={() => setReloadKey((k) => k + 1)}>
                {t("common.retry")}
              </Button>
            }
          />
        ) : (
          <Card>
            <Skeleton active paragraph={{ rows: 8 }} />
          </Card>
        )}
      </div>
    );
  }

  const subdomainExtra =
    subdomain && subdomain === available ? (
      <Typography.Text type="success">{t("signup.subdomainAvailable")}</Typography.Text>
    ) : (
      t("signup.subdomainHelp")
    );

  return (
    <div className="hy-section" style={{ maxWidth: 560 }}>
      <Card>
        <Typography.Title level={2} style={{ marginTop: 0 }}>
          {t("signup.title")}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t("signup.subtitle")}</Typography.Paragraph>
        <Form<SignupPayload>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          onValuesChange={onValuesChange}
          disabled={submitting}
          scrollToFirstError
        >
          <Form.Item name="shop_name" label={t("signup.shopName")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
            <Input data-testid="signup-shop-name" autoComplete="organization" maxLength={100} />
          </Form.Item>

          <Form.Item
            name="subdomain"
            label={t("signup.subdomain")}
            extra={subdomainExtra}
            hasFeedback
            validateFirst
            validateDebounce={400}
            normalize={(v: string) => (v ?? "").trim().toLowerCase()}
            rules={[
              { required: true, message: t("validation.required") },
              { pattern: SUBDOMAIN_RE, message: t("validation.subdomainFormat") },
              { validator: validateSubdomain },
            ]}
          >
            <Input
              data-testid="signup-subdomain"
              addonAfter={`.${baseDomain}`}
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              maxLength={63}
            />
          </Form.Item>

          <Form.Item
            name="email"
            label={t("signup.email")}
            rules={[
              { required: true, message: t("validation.required") },
              { type: "email", message: t("validation.email") },
            ]}
          >
            <Input data-testid="signup-email" type="email" autoComplete="email" />
          </Form.Item>

          <Form.Item
            name="password"
            label={t("signup.password")}
            extra={t("signup.passwordHelp")}
            rules={[
              { required: true, message: t("validation.required") },
              { min: PASSWORD_MIN, message: t("validation.passwordMin", { min: PASSWORD_MIN }) },
            ]}
          >
            <Input.Password data-testid="signup-password" autoComplete="new-password" />
          </Form.Item>

          <Form.Item name="trade" label={t("signup.trade")} rules={[{ required: true, message: t("validation.required") }]}>
            <Select
              data-testid="signup-trade"
              showSearch
              filterOption={filterByValueOrLabel}
              options={selectOptions.trades}
              placeholder={t("common.select")}
            />
          </Form.Item>

          <Form.Item name="language" label={t("signup.language")} rules={[{ required: true, message: t("validation.required") }]}>
            <Select
              data-testid="signup-language"
              showSearch
              filterOption={filterByValueOrLabel}
              options={selectOptions.languages}
              placeholder={t("common.select")}
            />
          </Form.Item>

          <Form.Item name="currency" label={t("signup.currency")} rules={[{ required: true, message: t("validation.required") }]}>
            <Select
              data-testid="signup-currency"
              showSearch
              filterOption={filterByValueOrLabel}
              options={selectOptions.currencies}
              placeholder={t("common.select")}
            />
          </Form.Item>

          <Form.Item name="time_zone" label={t("signup.timeZone")} rules={[{ required: true, message: t("validation.required") }]}>
            <Select
              data-testid="signup-timezone"
              showSearch
              filterOption={filterByValueOrLabel}
              options={selectOptions.timeZones}
              placeholder={t("common.select")}
            />
          </Form.Item>

          <FormError message={topError} />

          <Button data-testid="signup-submit" type="primary" htmlType="submit" size="large" block loading={submitting}>
            {t("signup.submit")}
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: "center" }}>
          {t("signup.haveShop")} <Link to="/login">{t("landing.hero.secondary")}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

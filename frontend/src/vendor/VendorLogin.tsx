import { useEffect, useState, type ReactNode } from "react";
import { Alert, Button, Card, Form, Input, List, QRCode, Space, Typography } from "antd";
import { LockOutlined, SafetyOutlined } from "@ant-design/icons";
import { Brand } from "../components/Brand";
import { FormError } from "../components/FormError";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useT } from "../i18n";
import { confirmEnrollment, getEnrollment, verifySecondFactor, vendorLogin } from "./api";
import type { Enrollment } from "./types";
import { useVendor } from "./VendorConsole";

const CODE_RULES = [{ required: true, pattern: /^\s*\d{6}\s*$/ }];

/** Password, then the authenticator code; the first log-in enrols the authenticator. */
export function VendorLogin() {
  const t = useT();
  const { session, setSession, refresh } = useVendor();
  const handleError = useApiErrorHandler();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [useRecovery, setUseRecovery] = useState(false);

  useEffect(() => {
    if (session.stage !== "enroll") return;
    getEnrollment()
      .then(setEnrollment)
      .catch((err: unknown) => setError(handleError(err)));
  }, [session.stage, handleError]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(handleError(err));
      // A throttled or expired pending log-in goes back to the password step.
      await refresh();
    } finally {
      setBusy(false);
    }
  }

  const card = (title: string, body: ReactNode) => (
    <div className="hy-auth-page">
      <Card className="hy-auth-card" style={{ maxWidth: 440, width: "100%" }}>
        <Space direction="vertical" size="middle" style={{ width: "100%" }}>
          <Space style={{ width: "100%", justifyContent: "space-between" }}>
            <Brand />
            <LanguageSwitch />
          </Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {body}
        </Space>
      </Card>
    </div>
  );

  if (session.recovery_codes?.length) {
    const codes = session.recovery_codes;
    return card(
      t("vendor.login.codesTitle"),
      <>
        <Alert type="warning" showIcon message={t("vendor.login.codesHint")} />
        <List
          data-testid="vendor-recovery-codes"
          bordered
          size="small"
          dataSource={codes}
          renderItem={(code) => (
            <List.Item>
              <Typography.Text code copyable>
                {code}
              </Typography.Text>
            </List.Item>
          )}
        />
        <Button type="primary" block onClick={() => setSession({ ...session, recovery_codes: undefined })}>
          {t("vendor.login.codesDone")}
        </Button>
      </>,
    );
  }

  if (session.stage === "enroll") {
    return card(
      t("vendor.login.enrollTitle"),
      <>
        <Typography.Paragraph type="secondary">{t("vendor.login.enrollHint")}</Typography.Paragraph>
        {enrollment ? (
          <Space direction="vertical" align="center" style={{ width: "100%" }}>
            <QRCode value={enrollment.otpauth_uri} size={192} data-testid="vendor-enroll-qr" />
            <Typography.Text type="secondary">{t("vendor.login.secret")}</Typography.Text>
            <Typography.Text code copyable data-testid="vendor-enroll-secret">
              {enrollment.secret}
            </Typography.Text>
          </Space>
        ) : null}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={({ code }: { code: string }) =>
            run(async () => setSession(await confirmEnrollment(code.trim())))
          }
        >
          <Form.Item name="code" label={t("vendor.login.code")} rules={CODE_RULES}>
            <Input data-testid="vendor-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
          </Form.Item>
          <FormError message={error} />
          <Button type="primary" htmlType="submit" block loading={busy} icon={<SafetyOutlined />}>
            {t("vendor.login.confirm")}
          </Button>
        </Form>
      </>,
    );
  }

  if (session.stage === "verify") {
    return card(
      t("vendor.login.verifyTitle"),
      <>
        <Typography.Paragraph type="secondary">{t("vendor.login.verifyHint")}</Typography.Paragraph>
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={({ code }: { code: string }) =>
            run(async () =>
              setSession(await verifySecondFactor(useRecovery ? { recovery_code: code } : { code: code.trim() })),
            )
          }
        >
          <Form.Item
            name="code"
            label={useRecovery ? t("vendor.login.recoveryCode") : t("vendor.login.code")}
            rules={useRecovery ? [{ required: true }] : CODE_RULES}
          >
            <Input
              data-testid="vendor-code"
              autoFocus
              inputMode={useRecovery ? "text" : "numeric"}
              autoComplete="one-time-code"
              maxLength={useRecovery ? 20 : 6}
            />
          </Form.Item>
          <FormError message={error} />
          <Button data-testid="vendor-verify" type="primary" htmlType="submit" block loading={busy} icon={<SafetyOutlined />}>
            {t("vendor.login.verify")}
          </Button>
        </Form>
        <Space style={{ width: "100%", justifyContent: "space-between" }}>
          <Button type="link" onClick={() => setUseRecovery(!useRecovery)} style={{ padding: 0 }}>
            {useRecovery ? t("vendor.login.useCode") : t("vendor.login.useRecovery")}
          </Button>
          <Button type="link" onClick={() => setSession({ stage: "password", user: null })} style={{ padding: 0 }}>
            {t("vendor.login.startOver")}
          </Button>
        </Space>
      </>,
    );
  }

  return card(
    t("vendor.login.title"),
    <>
      <Typography.Paragraph type="secondary">{t("vendor.login.subtitle")}</Typography.Paragraph>
      <Form
        layout="vertical"
        requiredMark={false}
        onFinish={({ email, password }: { email: string; password: string }) =>
          run(async () => setSession(await vendorLogin(email.trim(), password)))
        }
      >
        <Form.Item name="email" label={t("vendor.login.email")} rules={[{ required: true, type: "email", message: t("validation.email") }]}>
          <Input data-testid="vendor-email" autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t("vendor.login.password")} rules={[{ required: true, message: t("validation.required") }]}>
          <Input.Password data-testid="vendor-password" autoComplete="current-password" />
        </Form.Item>
        <FormError message={error} />
        <Button data-testid="vendor-login" type="primary" htmlType="submit" block loading={busy} icon={<LockOutlined />}>
          {t("vendor.login.submit")}
        </Button>
      </Form>
    </>,
  );
}

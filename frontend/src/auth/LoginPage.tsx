import { useState } from "react";
import { Button, Form, Input } from "antd";
import { LockOutlined, MailOutlined } from "@ant-design/icons";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { login } from "../api/endpoints";
import { FormError } from "../components/FormError";
import { PageSpinner } from "../components/PageSpinner";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useT } from "../i18n";
import { AuthLayout } from "./AuthLayout";
import { safeNextPath } from "./nextPath";
import { useSession, useShopName } from "./SessionProvider";

interface LoginValues {
  email: string;
  password: string;
}

export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get("next"));
  const { session, loading, setSession } = useSession();
  const shopName = useShopName();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<LoginValues>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (loading) return <PageSpinner />;
  if (session?.authenticated) return <Navigate to={next} replace />;

  async function onFinish(values: LoginValues) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const data = await login(values.email.trim(), values.password);
      setSession(data);
      navigate(next, { replace: true });
    } catch (err) {
      setTopError(handleError(err, form, ["email", "password"]));
      setSubmitting(false);
    }
  }

  return (
    <AuthLayout
      title={<span data-testid="login-shop-name">{shopName || t("login.title")}</span>}
      subtitle={shopName ? t("login.subtitle", { shop: shopName }) : undefined}
    >
      <Form<LoginValues> form={form} layout="vertical" requiredMark={false} onFinish={onFinish}>
        <Form.Item
          name="email"
          label={t("login.email")}
          rules={[
            { required: true, message: t("validation.required") },
            { type: "email", message: t("validation.email") },
          ]}
        >
          <Input data-testid="login-email" type="email" autoComplete="username" prefix={<MailOutlined />} autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t("login.password")} rules={[{ required: true, message: t("validation.required") }]}>
          <Input.Password data-testid="login-password" autoComplete="current-password" prefix={<LockOutlined />} />
        </Form.Item>
        <FormError message={topError} />
        <Button data-testid="login-submit" type="primary" htmlType="submit" block size="large" loading={submitting}>
          {t("login.submit")}
        </Button>
      </Form>
    </AuthLayout>
  );
}

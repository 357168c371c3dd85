import { useEffect, useState } from "react";
import { Button, Descriptions, Form, Input, Result } from "antd";
import { useNavigate, useSearchParams } from "react-router-dom";
import { toApiError, type ApiError } from "../api/client";
import { acceptInvitation, getInvitation } from "../api/endpoints";
import type { InvitationInfo } from "../api/types";
import { FormError } from "../components/FormError";
import { PageSpinner } from "../components/PageSpinner";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { AuthLayout } from "./AuthLayout";
import { useSession, useShopName } from "./SessionProvider";

const PASSWORD_MIN = 10;

// A single password field (with the show/hide toggle) keeps the flow short; the server validates it.
interface AcceptValues {
  password: string;
}

export function AcceptInvitePage() {
  const { t, tOpt } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { setSession } = useSession();
  const shopName = useShopName();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<AcceptValues>();
  const [invitation, setInvitation] = useState<InvitationInfo | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(Boolean(token));
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    setLoading(true);
    getInvitation(token)
      .then((data) => !cancelled && setInvitation(data))
      .catch((err: unknown) => !cancelled && setLoadError(toApiError(err)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [token]);

  if (loading) return <PageSpinner />;

  if (!token || !invitation) {
    const notFound = !token || loadError?.status === 404;
    return (
      <AuthLayout title={shopName || t("accept.invalidTitle")}>
        <Result
          status={notFound ? "warning" : "error"}
          title={notFound ? t("accept.invalidTitle") : t("error.title")}
          subTitle={notFound ? t("accept.invalidSubtitle") : loadError?.message}
          extra={
            <Button type="primary" onClick={() => navigate("/login")}>
              {t("accept.goLogin")}
            </Button>
          }
        />
      </AuthLayout>
    );
  }

  async function onFinish(values: AcceptValues) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const data = await acceptInvitation(token, values.password);
      setSession(data);
      navigate("/", { replace: true });
    } catch (err) {
      setTopError(handleError(err, form, ["password"]));
      setSubmitting(false);
    }
  }

  const shop = invitation.tenant?.name || shopName;
  return (
    <AuthLayout
      title={t("accept.title", { shop })}
      subtitle={t("accept.subtitle", { role: tOpt(`role.${invitation.role}`, invitation.role) })}
    >
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t("accept.email")}>
          <span data-testid="accept-email">{invitation.email}</span>
        </Descriptions.Item>
        {invitation.name ? <Descriptions.Item label={t("accept.name")}>{invitation.name}</Descriptions.Item> : null}
      </Descriptions>
      <Form<AcceptValues> form={form} layout="vertical" requiredMark={false} onFinish={onFinish}>
        {/* Lets password managers associate the new password with the account. */}
        <input type="text" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
        <Form.Item
          name="password"
          label={t("accept.password")}
          extra={t("signup.passwordHelp")}
          rules={[
            { required: true, message: t("validation.required") },
            { min: PASSWORD_MIN, message: t("validation.passwordMin", { min: PASSWORD_MIN }) },
          ]}
        >
          <Input.Password data-testid="accept-password" autoComplete="new-password" />
        </Form.Item>
        <FormError message={topError} />
        <Button data-testid="accept-submit" type="primary" htmlType="submit" block size="large" loading={submitting}>
          {t("accept.submit")}
        </Button>
      </Form>
    </AuthLayout>
  );
}

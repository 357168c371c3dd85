import { Button, Card, Form, Input, Typography } from "antd";
import { LoginOutlined } from "@ant-design/icons";
import { bootstrap, tenantUrl } from "../config";
import { useT } from "../i18n";

const SUBDOMAIN_RE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** "Log in to your shop": sends the browser to http://<sub>.<baseDomain>:<port>/login. */
export function ShopLoginForm() {
  const t = useT();
  const [form] = Form.useForm<{ subdomain: string }>();

  return (
    <Card title={t("shopLogin.title")} style={{ height: "100%" }}>
      <Typography.Paragraph type="secondary">{t("shopLogin.description")}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={({ subdomain }) => window.location.assign(tenantUrl(subdomain, "/login"))}
      >
        <Form.Item
          name="subdomain"
          label={t("shopLogin.subdomain")}
          normalize={(v: string) => v.trim().toLowerCase()}
          rules={[
            { required: true, message: t("validation.required") },
            { pattern: SUBDOMAIN_RE, message: t("validation.subdomainFormat") },
          ]}
        >
          <Input
            data-testid="shop-login-subdomain"
            placeholder={t("shopLogin.placeholder")}
            addonAfter={`.${bootstrap.baseDomain}`}
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
          />
        </Form.Item>
        <Button data-testid="shop-login-submit" type="primary" htmlType="submit" icon={<LoginOutlined />} block>
          {t("shopLogin.submit")}
        </Button>
      </Form>
    </Card>
  );
}

import type { ReactNode } from "react";
import { Card, Flex, Typography } from "antd";
import { Brand } from "../components/Brand";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { publicUrl } from "../config";
import { useT } from "../i18n";
import { useSession } from "./SessionProvider";

/** Centered card layout for the tenant login / accept-invitation pages. */
export function AuthLayout({ title, subtitle, children }: { title: ReactNode; subtitle?: ReactNode; children: ReactNode }) {
  const t = useT();
  const { changeLanguage } = useSession();
  return (
    <div className="hy-auth-page">
      <Flex className="hy-auth-card" justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Brand />
        <LanguageSwitch onChange={changeLanguage} />
      </Flex>
      <Card className="hy-auth-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {title}
        </Typography.Title>
        {subtitle ? <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph> : null}
        {children}
      </Card>
      <Typography.Paragraph style={{ marginTop: 16 }}>
        <a href={publicUrl("/")}>{t("login.notYourShop")}</a>
      </Typography.Paragraph>
    </div>
  );
}

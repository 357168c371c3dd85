import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Space } from "antd";
import { api } from "../api/client";
import type { Session } from "../api/types";
import { formatDateTime } from "../components/format";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";

interface ActiveGrant {
  id: number;
  vendor_name: string;
  vendor_email: string;
  reason: string;
  expires_at: string;
}

const REFRESH_MS = 60_000;

/**
 * Shown to everyone at the shop while Huiyuan support has access (a support grant is running);
 * the owner can revoke it from here. Past grants are listed by GET /support-access/ (owner).
 */
export function SupportAccessBanner({ session }: { session: Session | null }) {
  const { t, lang } = useI18n();
  const { modal, message } = App.useApp();
  const handleError = useApiErrorHandler();
  const [grants, setGrants] = useState<ActiveGrant[]>([]);
  const signedIn = Boolean(session?.user);

  const load = useCallback(() => {
    api
      .get<ActiveGrant[]>("support-access/active/")
      .then(setGrants)
      .catch(() => setGrants([])); // a banner never gets in the way
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [signedIn, load]);

  if (!session?.user || !grants.length) return null;
  const isOwner = session.user.role === "owner";
  const zone = session.tenant.time_zone;

  return (
    <Space direction="vertical" style={{ width: "100%", marginBottom: 16 }}>
      {grants.map((grant) => (
        <Alert
          key={grant.id}
          data-testid="support-banner"
          type="info"
          showIcon
          banner
          message={t("supportBanner.message", {
            name: grant.vendor_name || grant.vendor_email,
            time: formatDateTime(grant.expires_at, lang, zone) ?? "",
          })}
          description={t("supportBanner.reason", { reason: grant.reason })}
          action={
            isOwner ? (
              <Button
                size="small"
                danger
                data-testid="support-banner-revoke"
                onClick={() =>
                  modal.confirm({
                    title: t("supportBanner.revokeConfirm"),
                    okButtonProps: { danger: true },
                    onOk: () =>
                      api
                        .post(`support-access/${grant.id}/revoke/`)
                        .then(() => {
                          message.success(t("supportBanner.revoked"));
                          load();
                        })
                        .catch((err: unknown) => {
                          handleError(err);
                          load();
                        }),
                  })
                }
              >
                {t("supportBanner.revoke")}
              </Button>
            ) : undefined
          }
        />
      ))}
    </Space>
  );
}

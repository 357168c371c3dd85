import { useEffect, useState } from "react";
import { App, Button, Card, Descriptions, Space, Tag, Timeline, Typography } from "antd";
import { CrownOutlined } from "@ant-design/icons";
import { useSession } from "../../auth/SessionProvider";
import { formatDateTime } from "../../components/format";
import { useMoney } from "../../components/money";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { isManagerRole } from "../../loyalty/labels";
import { getCustomerTier } from "../../loyalty/tiers/api";
import type { CustomerTierState } from "../../loyalty/tiers/types";
import { OverrideTierModal } from "./OverrideTierModal";

/** Current tier, qualifying figures, history, and the owner/manager override. */
export function MemberTier({ customerId, reloadKey }: { customerId: number; reloadKey: number }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const { money, quantity } = useMoney();
  const handleError = useApiErrorHandler();
  const [state, setState] = useState<CustomerTierState | null>(null);
  const [overrideOpen, setOverrideOpen] = useState(false);
  const manager = isManagerRole(session?.user?.role);
  const timeZone = session?.tenant?.time_zone;
  const date = (v: string | null) => formatDateTime(v, lang, timeZone);

  useEffect(() => {
    const controller = new AbortController();
    getCustomerTier(customerId, controller.signal)
      .then(setState)
      .catch((err: unknown) => !controller.signal.aborted && handleError(err));
    return () => controller.abort();
  }, [customerId, reloadKey, handleError]);

  return (
    <Card
      title={t("memberTier.title")}
      data-testid="member-tier"
      loading={!state}
      extra={
        manager ? (
          <Button data-testid="tier-override-open" icon={<CrownOutlined />} onClick={() => setOverrideOpen(true)}>
            {t("memberTier.override")}
          </Button>
        ) : null
      }
    >
      {state ? (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Tag color={state.tier ? "gold" : "default"} data-testid="member-tier-name" style={{ fontSize: 14, padding: "2px 10px" }}>
              {state.tier?.name ?? t("memberTier.none")}
            </Tag>
            {state.manual ? <Tag color="purple">{t("memberTier.manual")}</Tag> : null}
            {state.since ? <Typography.Text type="secondary">{t("memberTier.since", { date: date(state.since) ?? "" })}</Typography.Text> : null}
          </Space>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t("memberTier.windowSpend")}>{money(state.window.spend)}</Descriptions.Item>
            <Descriptions.Item label={t("memberTier.windowPoints")}>{quantity(state.window.points)}</Descriptions.Item>
            {state.tier?.discount_rate ? (
              <Descriptions.Item label={t("tier.discountRate")}>{`×${quantity(state.tier.discount_rate)}`}</Descriptions.Item>
            ) : null}
            {state.tier?.birthday_gift ? <Descriptions.Item label={t("tier.birthdayGift")}>{state.tier.birthday_gift}</Descriptions.Item> : null}
          </Descriptions>
          {state.history.length ? (
            <div data-testid="member-tier-history" style={{ marginTop: 12 }}>
              <Typography.Text type="secondary">{t("memberTier.history")}</Typography.Text>
              <Timeline
                style={{ marginTop: 12 }}
                items={state.history.map((h) => ({
                  key: h.id,
                  color: h.kind === "manual" ? "purple" : "green",
                  children: (
                    <Space direction="vertical" size={0}>
                      <span>
                        {`${h.from_tier ?? t("memberTier.none")} → ${h.to_tier ?? t("memberTier.none")}`}{" "}
                        <Tag>{h.kind === "manual" ? t("memberTier.manual") : t("memberTier.auto")}</Tag>
                      </span>
                      <Typography.Text type="secondary">
                        {[date(h.at), h.actor, h.reason].filter(Boolean).join(" · ")}
                      </Typography.Text>
                    </Space>
                  ),
                }))}
              />
            </div>
          ) : null}
        </>
      ) : null}
      {manager ? (
        <OverrideTierModal
          open={overrideOpen}
          customerId={customerId}
          current={state}
          onClose={() => setOverrideOpen(false)}
          onDone={(next) => {
            setOverrideOpen(false);
            setState(next);
            message.success(t("memberTier.overridden"));
          }}
        />
      ) : null}
    </Card>
  );
}

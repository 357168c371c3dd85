import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Empty, Flex, Input, List, Popconfirm, Select, Space, Tag, Typography } from "antd";
import { ClockCircleOutlined, LoginOutlined, LogoutOutlined, PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import { useMoney } from "../../components/money";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { cancelTimedSession, checkIn, checkOut, listTimedSessions } from "../api";
import type { CartMember } from "../cart";
import { noteResult } from "../connectivity";
import type { CashierProduct, TimedSession } from "../types";
import { activeCards, type MemberDetails } from "../useMemberDetails";

interface Props {
  storeId: number;
  services: CashierProduct[];
  member: CartMember | null;
  details: MemberDetails;
  online: boolean;
  /** Sessions already in the cart. */
  inCart: number[];
  onAdd: (session: TimedSession) => void;
}

function elapsedMinutes(startedAt: string, now: number): number {
  const start = new Date(startedAt).getTime();
  return Number.isNaN(start) ? 0 : Math.max(0, Math.floor((now - start) / 60_000));
}

/** Timed consumption: check in (service, label, member, time card), check out, bill the time. */
export function TimedPanel({ storeId, services, member, details, online, inCart, onAdd }: Props) {
  const { t } = useI18n();
  const { money } = useMoney();
  const handleError = useApiErrorHandler();
  const [sessions, setSessions] = useState<TimedSession[]>([]);
  const [loading, setLoading] = useState(false);
  const [product, setProduct] = useState<number | undefined>(services[0]?.id);
  const [label, setLabel] = useState("");
  const [card, setCard] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState<number | "in" | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const timeCards = member ? activeCards(details.detail, "time") : [];

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    if (product === undefined && services.length) setProduct(services[0].id);
  }, [services, product]);

  useEffect(() => setCard(undefined), [member?.id]);

  const load = useCallback(() => {
    if (!online) return;
    setLoading(true);
    Promise.all([listTimedSessions(storeId, "open"), listTimedSessions(storeId, "closed")])
      .then(([open, closed]) => {
        noteResult();
        setSessions([...closed, ...open]);
      })
      .catch((err: unknown) => {
        noteResult(err);
        handleError(err);
      })
      .finally(() => setLoading(false));
  }, [storeId, online, handleError]);

  useEffect(() => load(), [load]);

  async function onCheckIn() {
    if (!product) return;
    setBusy("in");
    try {
      const created = await checkIn({ store: storeId, product, customer: member?.id ?? null, card: card ?? null, label: label.trim() });
      setSessions((prev) => [created, ...prev]);
      setLabel("");
    } catch (err) {
      noteResult(err);
      handleError(err);
    } finally {
      setBusy(null);
    }
  }

  async function onCheckOut(session: TimedSession) {
    setBusy(session.id);
    try {
      const closed = session.status === "closed" ? session : await checkOut(session.id);
      setSessions((prev) => prev.map((s) => (s.id === closed.id ? closed : s)));
      onAdd(closed);
    } catch (err) {
      noteResult(err);
      handleError(err);
    } finally {
      setBusy(null);
    }
  }

  async function onCancel(session: TimedSession) {
    setBusy(session.id);
    try {
      await cancelTimedSession(session.id);
      setSessions((prev) => prev.filter((s) => s.id !== session.id));
    } catch (err) {
      handleError(err);
    } finally {
      setBusy(null);
    }
  }

  if (!online) return <Alert type="warning" showIcon message={t("cashier.mode.needsOnline")} />;

  return (
    <Flex vertical gap={12} data-testid="cashier-timed">
      <Card size="small" title={t("cashier.timed.checkIn")}>
        {services.length ? (
          <Flex gap={8} wrap="wrap">
            <Select
              data-testid="cashier-timed-product"
              value={product}
              onChange={setProduct}
              options={services.map((s) => ({ value: s.id, label: s.name }))}
              style={{ flex: "1 1 180px" }}
              showSearch
              optionFilterProp="label"
              aria-label={t("cashier.timed.service")}
            />
            <Input
              data-testid="cashier-timed-label"
              value={label}
              maxLength={100}
              placeholder={t("cashier.timed.label")}
              onChange={(e) => setLabel(e.target.value)}
              onPressEnter={() => void onCheckIn()}
              style={{ flex: "1 1 140px" }}
            />
            {timeCards.length ? (
              <Select
                allowClear
                value={card}
                onChange={setCard}
                placeholder={t("cashier.timed.timeCard")}
                options={timeCards.map((c) => ({ value: c.id, label: `${c.card_type.name} · ${c.number}` }))}
                style={{ flex: "1 1 160px" }}
              />
            ) : null}
            <Button type="primary" icon={<LoginOutlined />} data-testid="cashier-timed-check-in" loading={busy === "in"} onClick={() => void onCheckIn()}>
              {t("cashier.timed.checkInButton")}
            </Button>
          </Flex>
        ) : (
          <Empty description={t("cashier.timed.noServices")} />
        )}
        {member ? (
          <Typography.Text type="secondary" style={{ display: "block", marginTop: 6 }}>
            {t("cashier.timed.forMember", { name: member.name })}
          </Typography.Text>
        ) : null}
      </Card>
      <Card
        size="small"
        title={t("cashier.timed.open")}
        extra={<Button size="small" icon={<ReloadOutlined />} onClick={load} loading={loading} aria-label={t("common.retry")} />}
      >
        <List
          size="small"
          loading={loading && !sessions.length}
          dataSource={sessions}
          locale={{ emptyText: t("cashier.timed.none") }}
          renderItem={(s) => {
            const added = inCart.includes(s.id);
            const minutes = s.status === "open" ? elapsedMinutes(s.started_at, now) : s.minutes ?? 0;
            return (
              <List.Item
                data-testid={`cashier-timed-session-${s.id}`}
                actions={[
                  s.status === "open" ? (
                    <Popconfirm key="cancel" title={t("cashier.timed.cancelConfirm")} onConfirm={() => void onCancel(s)} okText={t("common.yes")} cancelText={t("common.no")}>
                      <Button size="small" type="text" danger disabled={busy === s.id}>
                        {t("cashier.timed.cancel")}
                      </Button>
                    </Popconfirm>
                  ) : null,
                  <Button
                    key="out"
                    size="small"
                    type="primary"
                    icon={s.status === "open" ? <LogoutOutlined /> : <PlusOutlined />}
                    disabled={added}
                    loading={busy === s.id}
                    data-testid="cashier-timed-check-out"
                    onClick={() => void onCheckOut(s)}
                  >
                    {added ? t("cashier.timed.inCart") : s.status === "open" ? t("cashier.timed.checkOut") : t("cashier.timed.addToCart")}
                  </Button>,
                ].filter(Boolean)}
              >
                <List.Item.Meta
                  title={
                    <Space wrap size={4}>
                      <span>{s.label || s.customer_name || `#${s.id}`}</span>
                      <Tag>{s.product_name ?? services.find((p) => p.id === s.product)?.name}</Tag>
                    </Space>
                  }
                  description={
                    <Space wrap size={8}>
                      <span>
                        <ClockCircleOutlined /> {t("cashier.timed.minutes", { minutes })}
                      </span>
                      {s.status !== "open" && s.billed_minutes != null ? (
                        <span>{t("cashier.timed.billed", { minutes: s.billed_minutes, amount: money(s.amount ?? "0") })}</span>
                      ) : null}
                      {s.customer_name && s.label ? <span>{s.customer_name}</span> : null}
                    </Space>
                  }
                />
              </List.Item>
            );
          }}
        />
      </Card>
    </Flex>
  );
}

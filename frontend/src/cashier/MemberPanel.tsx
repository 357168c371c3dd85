import { useEffect, useRef, useState } from "react";
import { Button, Card, Empty, Flex, Input, List, Space, Spin, Tag, Tooltip, Typography, type InputRef } from "antd";
import { CloseOutlined, CrownOutlined, SearchOutlined, UserOutlined } from "@ant-design/icons";
import { useMoney } from "../components/money";
import { useDebounced } from "../components/useDebounced";
import { useI18n } from "../i18n";
import { lookupCustomers } from "../members/api";
import type { CartMember } from "./cart";
import { isNetworkError, noteResult } from "./connectivity";
import { memberFromIndex, searchMemberIndex } from "./offlineCache";
import type { CashierTier } from "./types";
import { activeCards, sessionsOf, storedValueTotal, type MemberDetails } from "./useMemberDetails";

interface Props {
  member: CartMember | null;
  details: MemberDetails;
  tiers: CashierTier[];
  online: boolean;
  onAttach: (member: CartMember) => void;
  onDetach: () => void;
}

interface Candidate extends CartMember {
  /** From the offline index rather than the live lookup. */
  offline: boolean;
}

/** Member lookup (phone, card number, member number, name) and the attached member's balances. */
export function MemberPanel({ member, details, tiers, online, onAttach, onDetach }: Props) {
  const { t } = useI18n();
  const { money, quantity } = useMoney();
  const [query, setQuery] = useState("");
  const q = useDebounced(query.trim(), 250);
  const [results, setResults] = useState<Candidate[]>([]);
  const [searching, setSearching] = useState(false);
  const inputRef = useRef<InputRef>(null);

  useEffect(() => {
    if (!q) {
      setResults([]);
      return;
    }
    const controller = new AbortController();
    setSearching(true);
    const offlineSearch = async () =>
      (await searchMemberIndex(q)).map<Candidate>((m) => ({ ...m, offline: true }));
    const run = async (): Promise<Candidate[]> => {
      if (!online) return offlineSearch();
      try {
        const { results: found } = await lookupCustomers(q, controller.signal);
        noteResult();
        // The live lookup has no tier: take it from the index when the device has it.
        return Promise.all(
          found.map(async (c) => {
            const indexed = await memberFromIndex(c.id);
            return { id: c.id, name: c.name, phone: c.phone, phone_display: c.phone_display, member_no: c.member_no, tier: indexed?.tier ?? null, offline: false };
          }),
        );
      } catch (err) {
        if (controller.signal.aborted) throw err;
        noteResult(err);
        if (isNetworkError(err)) return offlineSearch();
        throw err;
      }
    };
    run()
      .then((found) => !controller.signal.aborted && setResults(found))
      .catch(() => !controller.signal.aborted && setResults([]))
      .finally(() => !controller.signal.aborted && setSearching(false));
    return () => controller.abort();
  }, [q, online]);

  function attach(candidate: Candidate) {
    const { offline: _offline, ...rest } = candidate;
    void _offline;
    onAttach(rest);
    setQuery("");
    setResults([]);
  }

  const tierName = (id: number | null) => tiers.find((tier) => tier.id === id)?.name ?? null;

  if (member) {
    const detail = details.detail?.id === member.id ? details.detail : null;
    const sv = storedValueTotal(detail);
    const countCards = activeCards(detail, "count");
    const tier = tierName(member.tier);
    return (
      <Card size="small" data-testid="cashier-member" styles={{ body: { padding: 12 } }}>
        <Flex justify="space-between" align="start" gap={8}>
          <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
            <Space wrap size={6}>
              <UserOutlined />
              <Typography.Text strong data-testid="cashier-member-name">
                {member.name || "—"}
              </Typography.Text>
              {member.member_no ? <Typography.Text type="secondary">{member.member_no}</Typography.Text> : null}
              <Tag icon={<CrownOutlined />} color={tier ? "gold" : "default"} data-testid="cashier-member-tier">
                {tier ?? t("cashier.member.noTier")}
              </Tag>
            </Space>
            {member.phone ? <Typography.Text type="secondary">{member.phone_display || member.phone}</Typography.Text> : null}
          </Space>
          <Tooltip title={t("cashier.member.detach")}>
            <Button size="small" icon={<CloseOutlined />} onClick={onDetach} data-testid="cashier-member-detach" aria-label={t("cashier.member.detach")} />
          </Tooltip>
        </Flex>
        {details.loading && !detail ? (
          <Spin size="small" />
        ) : details.unavailable && !detail ? (
          <Typography.Text type="secondary" data-testid="cashier-member-offline">
            {t("cashier.member.balancesOffline")}
          </Typography.Text>
        ) : detail ? (
          <Flex gap={16} wrap="wrap" style={{ marginTop: 8 }}>
            <div>
              <Typography.Text type="secondary">{t("cashier.member.storedValue")}</Typography.Text>
              <div data-testid="cashier-member-stored-value" style={{ fontWeight: 600 }}>
                {sv !== null ? money(sv) : "—"}
              </div>
            </div>
            <div>
              <Typography.Text type="secondary">{t("cashier.member.points")}</Typography.Text>
              <div data-testid="cashier-member-points" style={{ fontWeight: 600 }}>
                {details.points ? quantity(details.points.available) : "—"}
              </div>
            </div>
            {countCards.length ? (
              <div>
                <Typography.Text type="secondary">{t("cashier.member.sessions")}</Typography.Text>
                <div data-testid="cashier-member-sessions">
                  {countCards.flatMap((card) =>
                    sessionsOf(card).map(([service, n]) => (
                      <Tag key={`${card.id}-${service}`}>{t("cashier.member.sessionsOf", { service, count: quantity(n) })}</Tag>
                    )),
                  )}
                </div>
              </div>
            ) : null}
          </Flex>
        ) : null}
      </Card>
    );
  }

  return (
    <Card size="small" styles={{ body: { padding: 12 } }}>
      <Input
        ref={inputRef}
        allowClear
        data-testid="cashier-member-search"
        prefix={<SearchOutlined />}
        placeholder={t("cashier.member.searchPlaceholder")}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onPressEnter={() => {
          if (results.length === 1) attach(results[0]);
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") setQuery("");
        }}
        autoComplete="off"
        suffix={!online ? <Tag color="orange">{t("cashier.member.offlineIndex")}</Tag> : undefined}
      />
      {q ? (
        searching && !results.length ? (
          <Spin size="small" style={{ marginTop: 8 }} />
        ) : results.length ? (
          <List
            size="small"
            data-testid="cashier-member-results"
            dataSource={results}
            style={{ maxHeight: 240, overflow: "auto", marginTop: 8 }}
            renderItem={(c) => (
              <List.Item
                key={c.id}
                data-testid={`cashier-member-result-${c.id}`}
                onClick={() => attach(c)}
                style={{ cursor: "pointer" }}
                actions={[
                  <Button key="pick" size="small" type="link" onClick={() => attach(c)}>
                    {t("cashier.member.attach")}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={c.name || "—"}
                  description={[c.member_no, c.phone_display || c.phone, tierName(c.tier)].filter(Boolean).join(" · ")}
                />
              </List.Item>
            )}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("cashier.member.noResults")} />
        )
      ) : (
        <Typography.Text type="secondary" style={{ display: "block", marginTop: 6 }}>
          {t("cashier.member.walkIn")}
        </Typography.Text>
      )}
    </Card>
  );
}

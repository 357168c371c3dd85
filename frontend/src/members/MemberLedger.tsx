import { useEffect, useMemo, useRef, useState } from "react";
import { Button, Card, Flex, Select, Space, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { RollbackOutlined } from "@ant-design/icons";
import type { Page } from "../api/types";
import { useSession } from "../auth/SessionProvider";
import { formatDateTime } from "../components/format";
import { isNegative, useMoney } from "../components/money";
import { PagedTable } from "../components/PagedTable";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { isManagerRole, useLoyaltyLabels } from "../loyalty/labels";
import { ACCOUNT_KINDS, TRANSACTION_KINDS, type CardSummary, type LedgerEntry } from "../loyalty/types";
import { listLedger } from "./api";
import { RefundModal } from "./RefundModal";

const DEFAULT_PAGE_SIZE = 20;
const MONEY_ACCOUNTS = new Set(["principal", "bonus"]);
const REFUNDABLE = new Set(["top_up", "spend"]);

function actorName(actor: LedgerEntry["transaction"]["actor"]): string {
  if (!actor) return "—";
  if (typeof actor === "string") return actor;
  return actor.name || actor.email || String(actor.id);
}

interface Props {
  customerId: number;
  cards: CardSummary[];
  reloadKey: number;
  onChanged: () => void;
}

/** Ledger entries, newest first, with the running balance of each account. */
export function MemberLedger({ customerId, cards, reloadKey, onChanged }: Props) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const { money, quantity } = useMoney();
  const labels = useLoyaltyLabels();
  const handleError = useApiErrorHandler();
  const [card, setCard] = useState<number | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<LedgerEntry> | null>(null);
  const [loading, setLoading] = useState(true);
  const [refundOpen, setRefundOpen] = useState(false);
  const [refundTarget, setRefundTarget] = useState<LedgerEntry | null>(null);
  const pageSize = useRef(DEFAULT_PAGE_SIZE);
  const manager = isManagerRole(session?.user?.role);
  const timeZone = session?.tenant?.time_zone;

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    listLedger(customerId, { card, kind, page })
      .then((result) => {
        if (cancelled) return;
        if (result.next) pageSize.current = result.results.length;
        else pageSize.current = Math.max(pageSize.current, result.results.length);
        setData(result);
      })
      .catch((err: unknown) => !cancelled && handleError(err))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [customerId, card, kind, page, reloadKey, handleError]);

  const columns = useMemo<TableColumnsType<LedgerEntry>>(() => {
    const value = (entry: LedgerEntry, v: string) => (MONEY_ACCOUNTS.has(entry.account.kind) ? money(v) : quantity(v));
    // A transaction has one entry per account (a top-up: principal and bonus): offer "Refund" once.
    const seen = new Set<number>();
    const refundRow = new Set<number>();
    for (const entry of data?.results ?? []) {
      if (!seen.has(entry.transaction.id)) refundRow.add(entry.id);
      seen.add(entry.transaction.id);
    }
    return [
      {
        title: t("ledger.col.time"),
        dataIndex: "created_at",
        render: (v: string) => formatDateTime(v, lang, timeZone) ?? "—",
      },
      {
        title: t("ledger.col.kind"),
        key: "kind",
        render: (_, e) => (
          <Space size={4} wrap>
            <span data-testid="ledger-kind">{labels.txKind(e.transaction.kind)}</span>
            {e.transaction.reverses ? (
              <Tag color="purple" data-testid="ledger-reversal">
                {t("ledger.reversalOf", { id: e.transaction.reverses })}
              </Tag>
            ) : null}
            {e.transaction.reversed ? (
              <Tag color="default" data-testid="ledger-reversed">
                {t("ledger.reversed")}
              </Tag>
            ) : null}
          </Space>
        ),
      },
      {
        title: t("ledger.col.account"),
        key: "account",
        render: (_, e) => (
          <span>
            {labels.accountKind(e.account.kind)}
            {e.account.service ? ` · ${e.account.service}` : ""}
          </span>
        ),
      },
      { title: t("ledger.col.card"), key: "card", responsive: ["md"], render: (_, e) => e.account.card_number || "—" },
      {
        title: t("ledger.col.amount"),
        dataIndex: "amount",
        align: "right",
        render: (v: string, e) => (
          <Typography.Text
            type={isNegative(v) ? "danger" : "success"}
            delete={e.transaction.reversed}
            style={{ whiteSpace: "nowrap" }}
          >
            {isNegative(v) ? "" : "+"}
            {value(e, v)}
          </Typography.Text>
        ),
      },
      {
        title: t("ledger.col.balance"),
        dataIndex: "balance_after",
        align: "right",
        render: (v: string, e) => <span style={{ whiteSpace: "nowrap" }}>{value(e, v)}</span>,
      },
      {
        title: t("ledger.col.paid"),
        key: "paid",
        align: "right",
        responsive: ["lg"],
        render: (_, e) => (e.transaction.amount_paid && /[1-9]/.test(e.transaction.amount_paid) && refundRow.has(e.id) ? money(e.transaction.amount_paid) : ""),
      },
      {
        title: t("ledger.col.reason"),
        key: "reason",
        responsive: ["lg"],
        render: (_, e) => e.transaction.reason || "",
      },
      { title: t("ledger.col.actor"), key: "actor", responsive: ["lg"], render: (_, e) => actorName(e.transaction.actor) },
      ...(manager
        ? [
            {
              title: "",
              key: "actions",
              render: (_: unknown, e: LedgerEntry) =>
                refundRow.has(e.id) &&
                REFUNDABLE.has(e.transaction.kind) &&
                !e.transaction.reversed &&
                !e.transaction.reverses ? (
                  <Tooltip title={t("ledger.refund")}>
                    <Button
                      size="small"
                      data-testid={`ledger-refund-${e.transaction.id}`}
                      icon={<RollbackOutlined />}
                      onClick={() => {
                        setRefundTarget(e);
                        setRefundOpen(true);
                      }}
                    >
                      {t("ledger.refund")}
                    </Button>
                  </Tooltip>
                ) : null,
            },
          ]
        : []),
    ];
  }, [t, lang, timeZone, labels, money, quantity, manager, data]);

  return (
    <Card
      title={t("ledger.title")}
      extra={
        <Flex gap={8} wrap="wrap">
          <Select
            data-testid="ledger-card-filter"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t("ledger.allCards")}
            value={card}
            onChange={(v?: number) => {
              setCard(v);
              setPage(1);
            }}
            options={cards.map((c) => ({ value: c.id, label: `${c.number} · ${c.card_type.name}` }))}
            style={{ minWidth: 180 }}
          />
          <Select
            data-testid="ledger-kind-filter"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t("ledger.allKinds")}
            value={kind}
            onChange={(v?: string) => {
              setKind(v);
              setPage(1);
            }}
            options={[
              { label: t("ledger.col.kind"), options: TRANSACTION_KINDS.map((k) => ({ value: k, label: labels.txKind(k) })) },
              { label: t("ledger.col.account"), options: ACCOUNT_KINDS.map((k) => ({ value: k, label: labels.accountKind(k) })) },
            ]}
            style={{ minWidth: 160 }}
          />
        </Flex>
      }
    >
      <PagedTable<LedgerEntry>
        testId="member-ledger"
        size="small"
        columns={columns}
        data={data}
        loading={loading}
        page={page}
        pageSize={pageSize.current}
        onPageChange={setPage}
        rowClassName={(e) => (e.transaction.reversed || e.transaction.reverses ? "hy-ledger-reversal" : "")}
      />
      <RefundModal
        open={refundOpen}
        entry={refundTarget}
        onClose={() => setRefundOpen(false)}
        onDone={() => {
          setRefundOpen(false);
          onChanged();
        }}
      />
    </Card>
  );
}

import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Alert, Button, Divider, Flex, Input, Modal, Select, Space, Tag, Tooltip, Typography, type InputRef } from "antd";
import {
  CreditCardOutlined,
  DeleteOutlined,
  DollarOutlined,
  EllipsisOutlined,
  GiftOutlined,
  WalletOutlined,
} from "@ant-design/icons";
import { useMoney } from "../components/money";
import { useI18n } from "../i18n";
import type { PointsSummary } from "../loyalty/points/types";
import type { CardSummary } from "../loyalty/types";
import { ONE, ZERO, ceilToStep, dec, div, fmt, isAmountText, max, min, mul, roundTo, sum, type Dec } from "./decimal";
import { OFFLINE_METHODS, PAYMENT_METHODS, type PaymentInput, type PaymentMethod, type PointsConfig } from "./types";
import { cardTotal } from "./useMemberDetails";

interface Row {
  id: number;
  method: PaymentMethod;
  amount: string;
  card?: number;
  points?: string;
  reference: string;
}

interface Props {
  open: boolean;
  total: string;
  estimate: boolean;
  currencyDecimals: number;
  cashRounding: string;
  online: boolean;
  hasCoupon: boolean;
  memberAttached: boolean;
  storedValueCards: CardSummary[];
  points: PointsSummary | null;
  pointsConfig: PointsConfig | null;
  submitting: boolean;
  error: string | null;
  /** The last attempt got no answer: the order may exist, retry with the same id or keep it for later. */
  lostAnswer: boolean;
  canSaveForLater: (payments: PaymentInput[]) => boolean;
  onSaveForLater: (payments: PaymentInput[]) => void;
  onCancel: () => void;
  onSubmit: (payments: PaymentInput[]) => void;
}

const ICONS: Record<PaymentMethod, ReactNode> = {
  cash: <DollarOutlined />,
  card: <CreditCardOutlined />,
  stored_value: <WalletOutlined />,
  points: <GiftOutlined />,
  other: <EllipsisOutlined />,
};

let rowCounter = 0;
const nextId = () => (rowCounter += 1);

/** Split payment: cash (tendered, change due), card, stored value, points, other. */
export function PaymentModal(props: Props) {
  const { open, total, estimate, currencyDecimals, cashRounding, online, hasCoupon, memberAttached, storedValueCards, points, pointsConfig } = props;
  const { submitting, error, lostAnswer, canSaveForLater, onSaveForLater, onCancel, onSubmit } = props;
  const { t } = useI18n();
  const { money, quantity } = useMoney();
  const [rows, setRows] = useState<Row[]>([]);
  const firstInput = useRef<InputRef>(null);
  const places = Math.max(0, Math.min(2, currencyDecimals));
  const due = dec(total);
  const pointValue = dec(pointsConfig?.point_value ?? points?.point_value ?? "0");

  useEffect(() => {
    if (open) {
      setRows([{ id: nextId(), method: "cash", amount: fmt(due, places), reference: "" }]);
      window.setTimeout(() => firstInput.current?.select(), 50);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const rowValue = (row: Row): Dec =>
    row.method === "points" ? roundTo(mul(dec(row.points ?? "0"), pointValue), 2) : dec(row.amount);

  const figures = useMemo(() => {
    const nonCash = sum(rows.filter((r) => r.method !== "cash").map(rowValue));
    const cash = sum(rows.filter((r) => r.method === "cash").map(rowValue));
    const paid = nonCash + cash;
    const remaining = max(ZERO, due - paid);
    const change = cash > ZERO ? min(cash, max(ZERO, paid - due)) : ZERO;
    return { nonCash, cash, paid, remaining, change };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, due, pointValue]);

  function methodAllowed(method: PaymentMethod): string | null {
    if (!online && !OFFLINE_METHODS.includes(method)) return t("cashier.pay.offlineRefused");
    if (method === "stored_value") {
      if (!memberAttached) return t("cashier.pay.needsMember");
      if (!storedValueCards.length) return t("cashier.pay.noStoredValue");
    }
    if (method === "points") {
      if (!memberAttached) return t("cashier.pay.needsMember");
      if (!pointsConfig?.enabled || pointValue <= ZERO) return t("cashier.pay.pointsDisabled");
    }
    return null;
  }

  function rowProblem(row: Row): string | null {
    const refused = methodAllowed(row.method);
    if (refused) return refused;
    if (row.method === "points") {
      if (!row.points || !isAmountText(row.points) || dec(row.points) <= ZERO) return t("cashier.pay.enterPoints");
      if (points && dec(row.points) > dec(points.available)) return t("cashier.pay.notEnoughPoints");
      return null;
    }
    if (!isAmountText(row.amount, places) || dec(row.amount) <= ZERO) return t("cashier.pay.enterAmount");
    if (row.method === "stored_value") {
      const card = storedValueCards.find((c) => c.id === row.card);
      if (!card) return t("cashier.pay.pickCard");
      if (dec(row.amount) > dec(cardTotal(card))) return t("cashier.pay.notEnoughBalance");
    }
    return null;
  }

  const problems = rows.map(rowProblem);
  const overpaidNonCash = figures.nonCash > due;
  const covered = figures.paid >= due && (figures.cash > ZERO || figures.paid === due);
  const valid = rows.length > 0 && problems.every((p) => p === null) && !overpaidNonCash && covered;
  const couponRefused = !online && hasCoupon;

  function update(id: number, patch: Partial<Row>) {
    setRows((prev) => prev.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  }

  /** Add a method: it takes what is still owed by non-cash methods; cash then covers the rest. */
  function addMethod(method: PaymentMethod) {
    if (methodAllowed(method)) return;
    setRows((prev) => {
      const nonCash = sum(prev.filter((r) => r.method !== "cash").map(rowValue));
      const open = max(ZERO, due - nonCash);
      if (method === "cash") {
        const existing = prev.find((r) => r.method === "cash");
        if (existing) return prev;
        return [...prev, { id: nextId(), method, amount: fmt(open, places), reference: "" }];
      }
      let row: Row = { id: nextId(), method, amount: fmt(open, places), reference: "" };
      if (method === "stored_value") {
        const used = new Set(prev.filter((r) => r.method === "stored_value").map((r) => r.card));
        const card = storedValueCards.find((c) => !used.has(c.id)) ?? storedValueCards[0];
        const take = min(open, dec(cardTotal(card)));
        row = { ...row, card: card.id, amount: fmt(max(take, ZERO), places) };
      } else if (method === "points") {
        // Points needed for what is open, limited by what the member has.
        let need = pointValue > ZERO ? ceilToStep(div(open, pointValue), ONE) : ZERO;
        if (points) need = min(need, dec(points.available));
        row = { ...row, amount: "", points: fmt(need, 0) };
      }
      const withRow = [...prev, row];
      const newNonCash = sum(withRow.filter((r) => r.method !== "cash").map(rowValue));
      const rest = max(ZERO, due - newNonCash);
      // Cash that was the exact rest follows the new split; a cash row with nothing left goes away.
      return withRow
        .map((r) => (r.method === "cash" ? { ...r, amount: fmt(rest, places) } : r))
        .filter((r) => r.method !== "cash" || rest > ZERO);
    });
  }

  function remove(id: number) {
    setRows((prev) => prev.filter((r) => r.id !== id));
  }

  /** Quick cash: set the tendered amount of the cash row (adding one when missing). */
  function quickCash(amount: Dec) {
    setRows((prev) => {
      const cash = prev.find((r) => r.method === "cash");
      if (cash) return prev.map((r) => (r.id === cash.id ? { ...r, amount: fmt(amount, places) } : r));
      return [...prev, { id: nextId(), method: "cash", amount: fmt(amount, places), reference: "" }];
    });
  }

  const cashNeeded = max(ZERO, due - figures.nonCash);
  const quickAmounts = useMemo(() => {
    const out: Dec[] = [];
    if (cashNeeded > ZERO) out.push(cashNeeded);
    const steps = places === 0 || dec(cashRounding) >= ONE ? ["100", "500", "1000"] : ["10", "20", "50", "100"];
    for (const step of steps) {
      const v = ceilToStep(cashNeeded, dec(step));
      if (v > ZERO && !out.includes(v)) out.push(v);
    }
    return out.slice(0, 4);
  }, [cashNeeded, places, cashRounding]);

  function payments(): PaymentInput[] {
    return rows.map<PaymentInput>((r) => {
        switch (r.method) {
          case "cash":
            return { method: "cash", amount: fmt(dec(r.amount), 2) };
          case "stored_value":
            return { method: "stored_value", card: r.card, amount: fmt(dec(r.amount), 2) };
          case "points":
            return { method: "points", points: r.points };
          default:
            return { method: r.method, amount: fmt(dec(r.amount), 2), reference: r.reference.trim() };
        }
      });
  }

  function submit() {
    if (!valid || submitting || couponRefused) return;
    onSubmit(payments());
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === "Enter" && !e.shiftKey) {
      const target = e.target as HTMLElement;
      if (target.tagName === "BUTTON" || target.closest(".ant-select")) return;
      e.preventDefault();
      submit();
      return;
    }
    // Alt+1…5 adds a payment method.
    if (e.altKey && /^[1-5]$/.test(e.key)) {
      e.preventDefault();
      addMethod(PAYMENT_METHODS[Number(e.key) - 1]);
    }
  }

  const methodLabel = (m: PaymentMethod) => t(`cashier.method.${m}` as const);

  return (
    <Modal
      open={open}
      title={t("cashier.pay.title")}
      onCancel={onCancel}
      width={560}
      maskClosable={false}
      destroyOnHidden
      data-testid="payment-modal"
      footer={
        <Space wrap>
          <Button onClick={onCancel} disabled={submitting}>
            {t("common.cancel")}
          </Button>
          {lostAnswer && valid && canSaveForLater(payments()) ? (
            <Button data-testid="pay-save-later" disabled={submitting} onClick={() => onSaveForLater(payments())}>
              {t("cashier.pay.saveForLater")}
            </Button>
          ) : null}
          <Button type="primary" size="large" data-testid="pay-submit" disabled={!valid || couponRefused} loading={submitting} onClick={submit}>
            {lostAnswer ? t("cashier.pay.retry") : online ? t("cashier.pay.confirm") : t("cashier.pay.confirmOffline")}
          </Button>
        </Space>
      }
    >
      <div onKeyDown={onKeyDown} data-testid="payment-dialog">
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
          <Typography.Text>{t("cashier.pay.due")}</Typography.Text>
          <Space>
            {estimate ? <Tag color="orange">{t("cashier.totals.estimate")}</Tag> : null}
            <span className="hy-cashier-total" data-testid="pay-due">
              {money(total)}
            </span>
          </Space>
        </Flex>
        {!online ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t("cashier.pay.offlineNotice")} /> : null}
        {couponRefused ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t("cashier.pay.couponOffline")} /> : null}

        <Flex gap={6} wrap="wrap" style={{ marginBottom: 12 }}>
          {PAYMENT_METHODS.map((m, i) => {
            const refused = methodAllowed(m);
            return (
              <Tooltip key={m} title={refused ?? `Alt+${i + 1}`}>
                <Button icon={ICONS[m]} disabled={!!refused} data-testid={`pay-method-${m}`} onClick={() => addMethod(m)}>
                  {methodLabel(m)}
                </Button>
              </Tooltip>
            );
          })}
        </Flex>

        {rows.map((row, index) => {
          const problem = problems[index];
          return (
            <div key={row.id} className="hy-pay-row" data-testid={`pay-row-${index}`}>
              <Flex align="center" justify="space-between" gap={8} wrap="wrap">
                <Tag icon={ICONS[row.method]} color="cyan" data-testid="pay-row-method">
                  {methodLabel(row.method)}
                </Tag>
                <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t("cashier.pay.removeRow")} onClick={() => remove(row.id)} />
              </Flex>
              <Flex gap={8} wrap="wrap" style={{ marginTop: 8 }}>
                {row.method === "stored_value" ? (
                  <Select
                    data-testid={`pay-card-${index}`}
                    style={{ flex: "1 1 200px" }}
                    value={row.card}
                    onChange={(card: number) => update(row.id, { card })}
                    options={storedValueCards.map((c) => ({
                      value: c.id,
                      label: `${c.number} · ${money(cardTotal(c))}`,
                    }))}
                  />
                ) : null}
                {row.method === "points" ? (
                  <Input
                    ref={index === 0 ? firstInput : undefined}
                    data-testid={`pay-points-${index}`}
                    inputMode="decimal"
                    addonBefore={t("cashier.pay.points")}
                    value={row.points}
                    onChange={(e) => update(row.id, { points: e.target.value.trim() })}
                    onFocus={(e) => e.target.select()}
                    style={{ flex: "1 1 200px" }}
                  />
                ) : (
                  <Input
                    ref={index === 0 ? firstInput : undefined}
                    data-testid={`pay-amount-${index}`}
                    inputMode="decimal"
                    addonBefore={row.method === "cash" ? t("cashier.pay.tendered") : t("cashier.pay.amount")}
                    value={row.amount}
                    onChange={(e) => update(row.id, { amount: e.target.value.trim() })}
                    onFocus={(e) => e.target.select()}
                    style={{ flex: "1 1 180px" }}
                  />
                )}
                {row.method === "card" || row.method === "other" ? (
                  <Input
                    data-testid={`pay-reference-${index}`}
                    placeholder={row.method === "card" ? t("cashier.pay.cardReference") : t("cashier.pay.otherReference")}
                    value={row.reference}
                    maxLength={100}
                    onChange={(e) => update(row.id, { reference: e.target.value })}
                    style={{ flex: "1 1 160px" }}
                  />
                ) : null}
              </Flex>
              {row.method === "points" ? (
                <Typography.Text type="secondary" style={{ display: "block", marginTop: 4 }}>
                  {t("cashier.pay.pointsValue", {
                    value: money(fmt(rowValue(row), 2)),
                    available: points ? quantity(points.available) : "—",
                  })}
                </Typography.Text>
              ) : null}
              {problem ? (
                <Typography.Text type="danger" style={{ display: "block", marginTop: 4 }}>
                  {problem}
                </Typography.Text>
              ) : null}
            </div>
          );
        })}

        {quickAmounts.length ? (
          <Flex gap={6} wrap="wrap" align="center" style={{ marginTop: 4 }}>
            <Typography.Text type="secondary">{t("cashier.pay.quickCash")}</Typography.Text>
            {quickAmounts.map((v) => (
              <Button key={v.toString()} size="small" data-testid={`pay-quick-${fmt(v, places)}`} onClick={() => quickCash(v)}>
                {money(fmt(v, places))}
              </Button>
            ))}
          </Flex>
        ) : null}

        <Divider style={{ margin: "12px 0" }} />
        <Flex justify="space-between">
          <Typography.Text type="secondary">{t("cashier.pay.paid")}</Typography.Text>
          <span data-testid="pay-paid">{money(fmt(figures.paid, places))}</span>
        </Flex>
        <Flex justify="space-between">
          <Typography.Text type="secondary">{t("cashier.pay.remaining")}</Typography.Text>
          <Typography.Text type={figures.remaining > ZERO ? "danger" : undefined} data-testid="pay-remaining">
            {money(fmt(figures.remaining, places))}
          </Typography.Text>
        </Flex>
        <Flex justify="space-between" align="center">
          <Typography.Text strong>{t("cashier.pay.change")}</Typography.Text>
          <span className="hy-cashier-total" data-testid="pay-change">
            {money(fmt(figures.change, places))}
          </span>
        </Flex>
        {overpaidNonCash ? <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t("cashier.pay.overpaid")} /> : null}
        {error ? (
          <div data-testid="error-message" role="alert" style={{ marginTop: 12 }}>
            <Alert type="error" showIcon message={error} />
          </div>
        ) : null}
      </div>
    </Modal>
  );
}

import { useEffect, useRef, useState } from "react";
import { Alert, Button, Divider, Flex, Modal, Segmented, Space, Typography } from "antd";
import { PrinterOutlined, ShoppingCartOutlined } from "@ant-design/icons";
import { useSession } from "../auth/SessionProvider";
import { formatDateTime } from "../components/format";
import { useMoney } from "../components/money";
import { useI18n } from "../i18n";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { fetchReceiptHtml } from "./api";
import type { CartMember } from "./cart";
import { ZERO, dec } from "./decimal";
import { customerName, discountTotal, memberNo } from "./orderFormat";
import { escapeHtml, printHtml } from "./print";
import type { Order, PaymentInput, Quote } from "./types";

export type ReceiptData =
  | { kind: "order"; order: Order }
  | {
      kind: "queued";
      clientId: string;
      quote: Quote;
      payments: PaymentInput[];
      change: string;
      member: CartMember | null;
      createdAt: string;
    };

interface Props {
  data: ReceiptData | null;
  onClose: () => void;
  /** Reprint from the back office: the close button says "Close" instead of "New sale". */
  reprint?: boolean;
}

const WIDTH_KEY = "huiyuan.receiptWidth";

function storedWidth(): 58 | 80 {
  try {
    return window.localStorage.getItem(WIDTH_KEY) === "58" ? 58 : 80;
  } catch {
    return 80;
  }
}

/** The sale's receipt on screen, with printing of the server's 58/80 mm receipt. */
export function ReceiptModal({ data, onClose, reprint = false }: Props) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const { money, quantity } = useMoney();
  const [width, setWidth] = useState<58 | 80>(storedWidth);
  /** The server's receipt HTML shown in the preview frame, and the width it was fetched for. */
  const [frame, setFrame] = useState<{ html: string; width: 58 | 80 } | null>(null);
  const [frameLoading, setFrameLoading] = useState(false);
  const printWhenLoaded = useRef(false);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const timeZone = session?.tenant?.time_zone;
  const handleError = useApiErrorHandler();

  useEffect(() => {
    setFrame(null);
    printWhenLoaded.current = false;
  }, [data]);

  async function loadFrame(w: 58 | 80, thenPrint: boolean) {
    if (data?.kind !== "order") return;
    setFrameLoading(true);
    try {
      const html = await fetchReceiptHtml(data.order.id, w);
      printWhenLoaded.current = thenPrint;
      setFrame({ html, width: w });
    } catch (err) {
      handleError(err);
    } finally {
      setFrameLoading(false);
    }
  }

  function changeWidth(next: 58 | 80) {
    setWidth(next);
    try {
      window.localStorage.setItem(WIDTH_KEY, String(next));
    } catch {
      // ignore
    }
    if (data?.kind === "order" && frame) void loadFrame(next, false);
  }

  function print() {
    if (!data) return;
    if (data.kind === "order") {
      if (frame?.width === width && frameRef.current?.contentWindow) {
        frameRef.current.contentWindow.focus();
        frameRef.current.contentWindow.print();
        return;
      }
      void loadFrame(width, true);
      return;
    }
    // Offline: print what is on screen.
    const html = bodyRef.current?.innerHTML ?? "";
    printHtml(
      `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(t("cashier.receipt.title"))}</title>` +
        `<style>@page{size:${width}mm auto;margin:0}body{margin:0;font:12px/1.35 monospace}` +
        `.paper{width:${width}mm;padding:3mm;box-sizing:border-box}.hy-receipt-row{display:flex;justify-content:space-between;gap:8px}` +
        `hr{border:0;border-top:1px dashed #000}</style></head><body><div class="paper">${html}</div></body></html>`,
    );
  }

  function onFrameLoad() {
    if (printWhenLoaded.current && frameRef.current?.contentWindow) {
      printWhenLoaded.current = false;
      frameRef.current.contentWindow.focus();
      frameRef.current.contentWindow.print();
    }
  }

  const open = data !== null;
  const methodLabel = (m: string) => (["cash", "card", "stored_value", "points", "other"].includes(m) ? t(`cashier.method.${m}` as "cashier.method.cash") : m);

  let body = null;
  if (data?.kind === "order") {
    const o = data.order;
    const balances = o.balances_after ?? {};
    const name = customerName(o);
    body = (
      <div className="hy-receipt" data-testid="receipt-onscreen">
        <Flex justify="space-between">
          <span>{t("cashier.receipt.number")}</span>
          <strong data-testid="receipt-number">{o.number}</strong>
        </Flex>
        <div>{formatDateTime(o.offline_created_at || o.created_at, lang, timeZone)}</div>
        {name ? (
          <div data-testid="receipt-member">
            {t("cashier.receipt.member")}: {name}
            {memberNo(o) ? ` (${memberNo(o)})` : ""}
          </div>
        ) : null}
        <Divider dashed style={{ margin: "8px 0" }} />
        {o.lines.map((line, i) => (
          <div key={line.id ?? i}>
            <div>{line.name}</div>
            <div className="hy-receipt-row">
              <span>
                {quantity(line.quantity)} × {money(line.unit_price)}
              </span>
              <span>{money(line.net)}</span>
            </div>
          </div>
        ))}
        <Divider dashed style={{ margin: "8px 0" }} />
        <div className="hy-receipt-row">
          <span>{t("cashier.totals.subtotal")}</span>
          <span>{money(o.subtotal)}</span>
        </div>
        {dec(discountTotal(o)) !== ZERO ? (
          <div className="hy-receipt-row">
            <span>{t("cashier.totals.discount")}</span>
            <span>−{money(discountTotal(o))}</span>
          </div>
        ) : null}
        {dec(o.tax_total) !== ZERO ? (
          <div className="hy-receipt-row">
            <span>{t("cashier.totals.tax")}</span>
            <span>{money(o.tax_total)}</span>
          </div>
        ) : null}
        {dec(o.rounding) !== ZERO ? (
          <div className="hy-receipt-row">
            <span>{t("cashier.totals.rounding")}</span>
            <span>{money(o.rounding)}</span>
          </div>
        ) : null}
        <div className="hy-receipt-row" style={{ fontWeight: 700, fontSize: 16 }}>
          <span>{t("cashier.totals.total")}</span>
          <span data-testid="receipt-total">{money(o.total)}</span>
        </div>
        {o.payments.map((p, i) => (
          <div className="hy-receipt-row" key={p.id ?? i} data-testid={`receipt-payment-${p.method}`}>
            <span>
              {methodLabel(p.method)}
              {p.points ? ` (${t("cashier.receipt.pointsUsed", { points: quantity(p.points) })})` : ""}
            </span>
            <span>{money(p.tendered && dec(p.tendered) !== dec(p.amount) ? p.tendered : p.amount)}</span>
          </div>
        ))}
        {dec(o.change) !== ZERO ? (
          <div className="hy-receipt-row" style={{ fontWeight: 600 }}>
            <span>{t("cashier.pay.change")}</span>
            <span data-testid="receipt-change">{money(o.change)}</span>
          </div>
        ) : null}
        {name ? (
          <>
            <Divider dashed style={{ margin: "8px 0" }} />
            <div data-testid="receipt-balances">
              {dec(o.points_earned) !== ZERO ? (
                <div className="hy-receipt-row">
                  <span>{t("cashier.receipt.pointsEarned")}</span>
                  <span data-testid="receipt-points-earned">{quantity(o.points_earned)}</span>
                </div>
              ) : null}
              {balances.points != null ? (
                <div className="hy-receipt-row">
                  <span>{t("cashier.receipt.pointsBalance")}</span>
                  <span data-testid="receipt-points-balance">{quantity(String(balances.points))}</span>
                </div>
              ) : null}
              {balances.stored_value != null ? (
                <div className="hy-receipt-row">
                  <span>{t("cashier.receipt.storedValueBalance")}</span>
                  <span data-testid="receipt-stored-value">{money(String(balances.stored_value))}</span>
                </div>
              ) : null}
              {Object.entries(balances.sessions ?? {}).map(([service, left]) => (
                <div className="hy-receipt-row" key={service}>
                  <span>{t("cashier.receipt.sessionsLeft", { service })}</span>
                  <span>{quantity(String(left))}</span>
                </div>
              ))}
            </div>
          </>
        ) : null}
      </div>
    );
  } else if (data?.kind === "queued") {
    const q = data.quote;
    body = (
      <div className="hy-receipt" data-testid="receipt-onscreen">
        <div className="hy-receipt-row">
          <span>{t("cashier.receipt.offlineRef")}</span>
          <strong data-testid="receipt-offline-ref">{data.clientId.slice(0, 8).toUpperCase()}</strong>
        </div>
        <div>{formatDateTime(data.createdAt, lang, timeZone)}</div>
        {data.member ? (
          <div>
            {t("cashier.receipt.member")}: {data.member.name}
            {data.member.member_no ? ` (${data.member.member_no})` : ""}
          </div>
        ) : null}
        <hr style={{ border: 0, borderTop: "1px dashed #999" }} />
        {q.lines.map((line, i) => (
          <div key={i}>
            <div>{line.name}</div>
            <div className="hy-receipt-row">
              <span>
                {quantity(line.quantity)} × {money(line.unit_price)}
              </span>
              <span>{money(line.net)}</span>
            </div>
          </div>
        ))}
        <hr style={{ border: 0, borderTop: "1px dashed #999" }} />
        <div className="hy-receipt-row" style={{ fontWeight: 700, fontSize: 16 }}>
          <span>{t("cashier.totals.total")}</span>
          <span data-testid="receipt-total">{money(q.total)}</span>
        </div>
        {data.payments.map((p, i) => (
          <div className="hy-receipt-row" key={i}>
            <span>{methodLabel(p.method)}</span>
            <span>{money(p.amount ?? "0")}</span>
          </div>
        ))}
        {dec(data.change) !== ZERO ? (
          <div className="hy-receipt-row" style={{ fontWeight: 600 }}>
            <span>{t("cashier.pay.change")}</span>
            <span data-testid="receipt-change">{money(data.change)}</span>
          </div>
        ) : null}
        <div style={{ marginTop: 6, fontSize: 11 }}>{t("cashier.receipt.offlineFooter")}</div>
      </div>
    );
  }

  return (
    <Modal
      open={open}
      title={data?.kind === "queued" ? t("cashier.receipt.queuedTitle") : t("cashier.receipt.title")}
      onCancel={onClose}
      width={frame ? 720 : 460}
      data-testid="receipt-modal"
      footer={
        <Flex justify="space-between" wrap="wrap" gap={8}>
          <Space>
            <Segmented<58 | 80>
              data-testid="receipt-width"
              value={width}
              onChange={changeWidth}
              options={[
                { value: 58, label: "58 mm" },
                { value: 80, label: "80 mm" },
              ]}
            />
            <Button icon={<PrinterOutlined />} data-testid="receipt-print" onClick={print} loading={frameLoading && printWhenLoaded.current}>
              {t("cashier.receipt.print")}
            </Button>
            {data?.kind === "order" && !frame ? (
              <Button data-testid="receipt-preview" loading={frameLoading} onClick={() => void loadFrame(width, false)}>
                {t("cashier.receipt.preview")}
              </Button>
            ) : null}
          </Space>
          {reprint ? (
            <Button onClick={onClose} data-testid="receipt-close">
              {t("common.close")}
            </Button>
          ) : (
            <Button type="primary" icon={<ShoppingCartOutlined />} data-testid="receipt-new-sale" onClick={onClose} autoFocus>
              {t("cashier.receipt.newSale")}
            </Button>
          )}
        </Flex>
      }
    >
      {data?.kind === "queued" ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t("cashier.receipt.queued")} data-testid="receipt-queued" />
      ) : null}
      {!reprint && data?.kind === "order" && data.order.change && dec(data.order.change) !== ZERO ? (
        <Alert
          type="success"
          style={{ marginBottom: 12 }}
          message={<Typography.Text strong style={{ fontSize: 18 }}>{t("cashier.receipt.giveChange", { change: money(data.order.change) })}</Typography.Text>}
        />
      ) : null}
      <Flex gap={16} wrap="wrap" align="start">
        <div ref={bodyRef} style={{ flex: "1 1 300px", minWidth: 0 }}>
          {body}
        </div>
        {frame ? (
          <iframe
            ref={frameRef}
            srcDoc={frame.html}
            title={t("cashier.receipt.preview")}
            className="hy-receipt-frame"
            data-testid="receipt-frame"
            onLoad={onFrameLoad}
            style={{ flex: "1 1 300px" }}
          />
        ) : null}
      </Flex>
    </Modal>
  );
}

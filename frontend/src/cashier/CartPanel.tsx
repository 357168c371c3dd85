import { Alert, Button, Card, Divider, Empty, Flex, Input, Popconfirm, Space, Tag, Tooltip, Typography } from "antd";
import {
  DeleteOutlined,
  MinusOutlined,
  PercentageOutlined,
  PlusOutlined,
  TagOutlined,
  TeamOutlined,
  WalletOutlined,
} from "@ant-design/icons";
import { useMoney } from "../components/money";
import { useI18n } from "../i18n";
import type { CartAction, CartLine, CartState } from "./cart";
import { ZERO, dec } from "./decimal";
import { discountTotal } from "./orderFormat";
import type { Quote, StaffRef } from "./types";

interface Props {
  cart: CartState;
  dispatch: (action: CartAction) => void;
  quote: Quote | null;
  quoting: boolean;
  quoteError: string | null;
  estimate: boolean;
  staff: StaffRef[];
  canDiscount: boolean;
  online: boolean;
  payDisabled: boolean;
  onPay: () => void;
  onStaff: (key: string) => void;
  onDiscount: () => void;
}

export function CartPanel(props: Props) {
  const { cart, dispatch, quote, quoting, quoteError, estimate, staff, canDiscount, online, payDisabled, onPay, onStaff, onDiscount } =
    props;
  const { t } = useI18n();
  const { money, quantity } = useMoney();
  const staffName = (id: number) => staff.find((s) => s.id === id)?.name ?? `#${id}`;

  function lineDetail(line: CartLine): string {
    switch (line.kind) {
      case "quick":
        return t("cashier.line.quick");
      case "count_card":
        return t("cashier.line.countCard", { card: line.cardNumber, sessions: line.sessions });
      case "timed":
        return line.minutes != null ? t("cashier.line.timed", { minutes: line.minutes }) : t("cashier.line.timedShort");
      default:
        return "";
    }
  }

  return (
    <Card
      size="small"
      data-testid="cashier-cart"
      title={
        <Space>
          {t("cashier.cart.title")}
          {cart.lines.length ? <Tag>{cart.lines.length}</Tag> : null}
        </Space>
      }
      extra={
        cart.lines.length || cart.member ? (
          <Popconfirm title={t("cashier.cart.clearConfirm")} onConfirm={() => dispatch({ type: "clear" })} okText={t("common.yes")} cancelText={t("common.no")}>
            <Button size="small" type="text" danger data-testid="cashier-clear">
              {t("cashier.cart.clear")}
            </Button>
          </Popconfirm>
        ) : null
      }
      styles={{ body: { padding: 12 } }}
    >
      {cart.lines.length ? (
        <div className="hy-cashier-lines" data-testid="cashier-lines">
          {cart.lines.map((line, index) => {
            const priced = quote?.lines[index];
            const discounted = priced && dec(priced.gross) !== dec(priced.net);
            return (
              <div key={line.key} className="hy-cashier-line" data-testid={`cashier-line-${index}`}>
                <Flex justify="space-between" gap={8} align="start">
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Typography.Text strong data-testid="cashier-line-name" ellipsis style={{ display: "block" }}>
                      {line.name}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {line.kind === "product"
                        ? priced
                          ? `${money(priced.unit_price)} × ${quantity(line.quantity)}`
                          : `${money(line.price)} × ${quantity(line.quantity)}`
                        : lineDetail(line)}
                    </Typography.Text>
                    {line.staff.length ? (
                      <div data-testid="cashier-line-staff">
                        {line.staff.map((s) => (
                          <Tag key={s.user} style={{ marginTop: 2 }}>
                            {line.staff.length > 1 ? `${staffName(s.user)} ${quantity(s.share)}%` : staffName(s.user)}
                          </Tag>
                        ))}
                      </div>
                    ) : null}
                  </div>
                  <div style={{ textAlign: "right" }}>
                    {discounted ? (
                      <Typography.Text delete type="secondary" style={{ fontSize: 12, display: "block" }}>
                        {money(priced.gross)}
                      </Typography.Text>
                    ) : null}
                    <Typography.Text strong data-testid="cashier-line-amount">
                      {priced ? money(priced.net) : line.kind === "quick" ? money(line.amount) : "…"}
                    </Typography.Text>
                  </div>
                </Flex>
                <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
                  {line.kind === "product" || line.kind === "count_card" ? (
                    <Space.Compact size="small">
                      <Button
                        icon={<MinusOutlined />}
                        data-testid="cashier-line-dec"
                        aria-label={t("cashier.line.decrease")}
                        onClick={() => dispatch({ type: "increment", key: line.key, by: -1 })}
                      />
                      <Button disabled style={{ minWidth: 44, color: "inherit" }} data-testid="cashier-line-qty">
                        {line.kind === "product" ? quantity(line.quantity) : line.sessions}
                      </Button>
                      <Button
                        icon={<PlusOutlined />}
                        data-testid="cashier-line-inc"
                        aria-label={t("cashier.line.increase")}
                        onClick={() => dispatch({ type: "increment", key: line.key, by: 1 })}
                      />
                    </Space.Compact>
                  ) : (
                    <span />
                  )}
                  <Space size={4}>
                    {staff.length ? (
                      <Tooltip title={t("cashier.line.staff")}>
                        <Button
                          size="small"
                          icon={<TeamOutlined />}
                          data-testid="cashier-line-staff-open"
                          aria-label={t("cashier.line.staff")}
                          onClick={() => onStaff(line.key)}
                        />
                      </Tooltip>
                    ) : null}
                    <Tooltip title={t("cashier.line.remove")}>
                      <Button
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        data-testid="cashier-line-remove"
                        aria-label={t("cashier.line.remove")}
                        onClick={() => dispatch({ type: "remove", key: line.key })}
                      />
                    </Tooltip>
                  </Space>
                </Flex>
              </div>
            );
          })}
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("cashier.cart.empty")} data-testid="cashier-cart-empty" />
      )}

      <Divider style={{ margin: "10px 0" }} />
      <Flex gap={8} wrap="wrap">
        <Input
          size="small"
          allowClear
          data-testid="cashier-coupon"
          prefix={<TagOutlined />}
          placeholder={online ? t("cashier.coupon.placeholder") : t("cashier.coupon.offline")}
          disabled={!online}
          value={cart.couponCode}
          onChange={(e) => dispatch({ type: "setCoupon", code: e.target.value.toUpperCase() })}
          style={{ flex: "1 1 140px" }}
          autoComplete="off"
        />
        {canDiscount ? (
          <Button size="small" icon={<PercentageOutlined />} data-testid="cashier-discount-open" onClick={onDiscount}>
            {cart.manualDiscount
              ? cart.manualDiscount.type === "percent"
                ? t("cashier.discount.percentShort", { value: quantity(cart.manualDiscount.value) })
                : t("cashier.discount.amountShort", { value: money(cart.manualDiscount.value) })
              : t("cashier.discount.open")}
          </Button>
        ) : null}
      </Flex>

      {quoteError ? (
        <Alert type="error" showIcon message={quoteError} style={{ marginTop: 10 }} data-testid="cashier-quote-error" />
      ) : null}

      <div style={{ marginTop: 10 }} data-testid="cashier-totals">
        {quote ? (
          <>
            <Flex justify="space-between">
              <Typography.Text type="secondary">{t("cashier.totals.subtotal")}</Typography.Text>
              <span data-testid="cashier-subtotal">{money(quote.subtotal)}</span>
            </Flex>
            {dec(discountTotal(quote)) !== ZERO ? (
              <Flex justify="space-between">
                <Typography.Text type="secondary">{t("cashier.totals.discount")}</Typography.Text>
                <span data-testid="cashier-discount-total">−{money(discountTotal(quote))}</span>
              </Flex>
            ) : null}
            {dec(quote.tax_total) !== ZERO ? (
              <Flex justify="space-between">
                <Typography.Text type="secondary">{t("cashier.totals.tax")}</Typography.Text>
                <span>{money(quote.tax_total)}</span>
              </Flex>
            ) : null}
            {dec(quote.rounding) !== ZERO ? (
              <Flex justify="space-between">
                <Typography.Text type="secondary">{t("cashier.totals.rounding")}</Typography.Text>
                <span>{money(quote.rounding)}</span>
              </Flex>
            ) : null}
          </>
        ) : null}
        <Flex justify="space-between" align="end" style={{ marginTop: 4 }}>
          <Space direction="vertical" size={0}>
            <Typography.Text strong>{t("cashier.totals.total")}</Typography.Text>
            {estimate ? (
              <Tooltip title={t("cashier.totals.estimateHelp")}>
                <Tag color="orange" data-testid="cashier-estimate">
                  {t("cashier.totals.estimate")}
                </Tag>
              </Tooltip>
            ) : null}
          </Space>
          <span className="hy-cashier-total" data-testid="cashier-total">
            {quote ? money(quote.total) : cart.lines.length ? "…" : money("0")}
          </span>
        </Flex>
      </div>

      <Button
        type="primary"
        size="large"
        block
        icon={<WalletOutlined />}
        data-testid="cashier-pay"
        disabled={payDisabled}
        loading={quoting && !quote}
        onClick={onPay}
        style={{ marginTop: 12, height: 52, fontSize: 18 }}
      >
        {t("cashier.pay")}
      </Button>
    </Card>
  );
}

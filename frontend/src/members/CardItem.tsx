import { Button, Card, Dropdown, Flex, Space, Tag, Typography, type MenuProps } from "antd";
import { DownOutlined, WalletOutlined } from "@ant-design/icons";
import { useSession } from "../auth/SessionProvider";
import { formatDateTime } from "../components/format";
import { useI18n } from "../i18n";
import { cardStatusColor, useLoyaltyLabels } from "../loyalty/labels";
import type { CardSummary } from "../loyalty/types";
import { CardBalances } from "./CardBalances";

export type CardAction = "top_up" | "spend" | "consume" | "adjust" | "freeze" | "unfreeze" | "report-loss" | "replace";

interface Props {
  card: CardSummary;
  /** Owner or manager: may unfreeze, replace and adjust. */
  manager: boolean;
  balanceTestIds: boolean;
  onAction: (action: CardAction) => void;
}

export function CardItem({ card, manager, balanceTestIds, onAction }: Props) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const labels = useLoyaltyLabels();
  const storedValue = card.card_type.kind === "stored_value";
  const active = card.status === "active";
  const finished = card.status === "replaced" || card.status === "expired";

  const items: NonNullable<MenuProps["items"]> = [];
  const balances = card.balances;
  const consumable =
    active &&
    ((card.card_type.kind === "count" && !!balances && "sessions" in balances && Object.keys(balances.sessions ?? {}).length > 0) ||
      (card.card_type.kind === "time" && !!balances && "minutes" in balances && balances.minutes !== null));
  if (consumable)
    items.push({
      key: "consume",
      label: <span data-testid="card-consume-open">{card.card_type.kind === "count" ? t("consume.openSessions") : t("consume.openMinutes")}</span>,
    });
  if (storedValue && active) items.push({ key: "spend", label: <span data-testid="card-spend-open">{t("cards.spend")}</span> });
  if (storedValue && manager && !finished)
    items.push({ key: "adjust", label: <span data-testid="card-adjust-open">{t("cards.adjust")}</span> });
  if (active) items.push({ key: "freeze", label: <span data-testid="card-freeze-open">{t("cards.freeze")}</span> });
  if (card.status === "frozen" && manager)
    items.push({ key: "unfreeze", label: <span data-testid="card-unfreeze-open">{t("cards.unfreeze")}</span> });
  if (active || card.status === "frozen")
    items.push({ key: "report-loss", danger: true, label: <span data-testid="card-report-loss-open">{t("cards.reportLoss")}</span> });
  if (manager && !finished) items.push({ key: "replace", label: <span data-testid="card-replace-open">{t("cards.replace")}</span> });

  const expires = formatDateTime(card.expires_at, lang, session?.tenant?.time_zone);

  return (
    <Card size="small" data-testid={`card-${card.number}`} style={finished ? { opacity: 0.65 } : undefined}>
      <Flex justify="space-between" align="flex-start" gap={12} wrap="wrap">
        <Space direction="vertical" size={4}>
          <Space wrap size={6}>
            <Typography.Text strong>{card.card_type.name}</Typography.Text>
            <Tag>{labels.cardKind(card.card_type.kind)}</Tag>
            <Tag color={cardStatusColor(card.status)} data-testid="card-status">
              {labels.cardStatus(card.status)}
            </Tag>
          </Space>
          <Typography.Text type="secondary" copyable={{ text: card.number }}>
            {t("cards.number")}: <span data-testid="card-number">{card.number}</span>
          </Typography.Text>
          {card.replaced_by ? (
            <Typography.Text type="secondary" data-testid="card-replaced-by">
              {t("cards.replacedBy", { number: card.replaced_by })}
            </Typography.Text>
          ) : null}
          {expires ? <Typography.Text type="secondary">{t("cards.expires", { date: expires })}</Typography.Text> : null}
          {card.card_type.kind === "discount" && card.card_type.discount_rate ? (
            <Typography.Text type="secondary">{t("cards.discountRate", { rate: card.card_type.discount_rate })}</Typography.Text>
          ) : null}
        </Space>
        <Space wrap>
          {storedValue && active ? (
            <Button data-testid="card-topup-open" type="primary" icon={<WalletOutlined />} onClick={() => onAction("top_up")}>
              {t("cards.topUp")}
            </Button>
          ) : null}
          {items.length ? (
            <Dropdown trigger={["click"]} menu={{ items, onClick: ({ key }) => onAction(key as CardAction) }}>
              <Button data-testid="card-actions">
                {t("cards.more")} <DownOutlined />
              </Button>
            </Dropdown>
          ) : null}
        </Space>
      </Flex>
      <div style={{ marginTop: 12 }}>
        <CardBalances balances={card.balances} testIds={balanceTestIds} />
      </div>
    </Card>
  );
}

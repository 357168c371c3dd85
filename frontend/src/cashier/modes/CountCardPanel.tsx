import { useState } from "react";
import { Alert, Button, Card, Empty, Flex, InputNumber, List, Spin, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMoney } from "../../components/money";
import { useI18n } from "../../i18n";
import type { CardSummary } from "../../loyalty/types";
import { dec } from "../decimal";
import { activeCards, sessionsOf, type MemberDetails } from "../useMemberDetails";

interface Props {
  memberAttached: boolean;
  details: MemberDetails;
  online: boolean;
  onAdd: (card: CardSummary, service: string, sessions: number) => void;
}

/** Count-card consumption: pick one of the member's count cards, a service and the sessions. */
export function CountCardPanel({ memberAttached, details, online, onAdd }: Props) {
  const { t } = useI18n();
  const { quantity } = useMoney();
  const [counts, setCounts] = useState<Record<string, number>>({});

  if (!online) return <Alert type="warning" showIcon message={t("cashier.mode.needsOnline")} />;
  if (!memberAttached) return <Alert type="info" showIcon message={t("cashier.countCard.needMember")} data-testid="cashier-count-need-member" />;
  if (details.loading && !details.detail) return <Spin />;
  const cards = activeCards(details.detail, "count");
  if (!cards.length) return <Empty description={t("cashier.countCard.none")} />;

  return (
    <Flex vertical gap={12} data-testid="cashier-count-cards">
      {cards.map((card) => (
        <Card key={card.id} size="small" title={`${card.card_type.name} · ${card.number}`}>
          <List
            size="small"
            dataSource={sessionsOf(card)}
            renderItem={([service, left]) => {
              const key = `${card.id}:${service}`;
              const n = counts[key] ?? 1;
              const enough = dec(left) >= dec(String(n));
              return (
                <List.Item
                  data-testid={`cashier-count-${card.id}-${service}`}
                  actions={[
                    <InputNumber
                      key="n"
                      min={1}
                      max={1000}
                      precision={0}
                      value={n}
                      size="small"
                      onChange={(v) => setCounts({ ...counts, [key]: Number(v) || 1 })}
                      style={{ width: 72 }}
                      aria-label={t("cashier.countCard.sessions")}
                    />,
                    <Button
                      key="use"
                      size="small"
                      type="primary"
                      icon={<PlusOutlined />}
                      disabled={!enough}
                      data-testid="cashier-count-use"
                      onClick={() => onAdd(card, service, n)}
                    >
                      {t("cashier.countCard.use")}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={service}
                    description={
                      <Typography.Text type={enough ? "secondary" : "danger"}>
                        {t("cashier.countCard.left", { count: quantity(left) })}
                      </Typography.Text>
                    }
                  />
                </List.Item>
              );
            }}
          />
        </Card>
      ))}
    </Flex>
  );
}

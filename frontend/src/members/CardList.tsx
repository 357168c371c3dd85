import { useState } from "react";
import { Button, Card, Empty, Space } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useSession } from "../auth/SessionProvider";
import { isManagerRole } from "../loyalty/labels";
import type { CardSummary } from "../loyalty/types";
import { useI18n } from "../i18n";
import { AdjustCardModal } from "./AdjustCardModal";
import { CardItem, type CardAction } from "./CardItem";
import { CardStatusModal } from "./CardStatusModal";
import { ConsumeCardModal } from "./ConsumeCardModal";
import { IssueCardModal } from "./IssueCardModal";
import { TopUpModal } from "./TopUpModal";
import type { CustomerDetail } from "./types";

interface Props {
  customer: CustomerDetail;
  onChanged: () => void;
}

/** The member's cards with balances, "Issue card" and per-card actions. */
export function CardList({ customer, onChanged }: Props) {
  const { t } = useI18n();
  const { session } = useSession();
  const manager = isManagerRole(session?.user?.role);
  const [issueOpen, setIssueOpen] = useState(false);
  const [action, setAction] = useState<CardAction | null>(null);
  // The card stays set while a dialog closes, so its content does not flicker.
  const [target, setTarget] = useState<CardSummary | null>(null);
  const cards = customer.cards ?? [];
  // balance-* test ids: the first live stored-value card (a replaced or expired card keeps no balance).
  const storedValue = cards.filter((c) => c.card_type.kind === "stored_value");
  const firstStoredValue = storedValue.find((c) => c.status !== "replaced" && c.status !== "expired") ?? storedValue[0];

  function open(card: CardSummary, next: CardAction) {
    setTarget(card);
    setAction(next);
  }
  const close = () => setAction(null);
  const done = () => {
    setAction(null);
    onChanged();
  };

  return (
    <Card
      title={t("cards.title")}
      data-testid="member-cards"
      extra={
        <Button data-testid="card-issue-open" type="primary" icon={<PlusOutlined />} onClick={() => setIssueOpen(true)}>
          {t("cards.issue")}
        </Button>
      }
    >
      {cards.length ? (
        <Space direction="vertical" size="middle" style={{ width: "100%" }}>
          {cards.map((card) => (
            <CardItem
              key={card.id}
              card={card}
              manager={manager}
              balanceTestIds={card.id === firstStoredValue?.id}
              onAction={(a) => open(card, a)}
            />
          ))}
        </Space>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("cards.none")} />
      )}
      <IssueCardModal
        open={issueOpen}
        customerId={customer.id}
        onClose={() => setIssueOpen(false)}
        onIssued={() => {
          setIssueOpen(false);
          onChanged();
        }}
      />
      <TopUpModal mode="top_up" open={action === "top_up"} card={target} onClose={close} onDone={done} />
      <TopUpModal mode="spend" open={action === "spend"} card={target} onClose={close} onDone={done} />
      <ConsumeCardModal open={action === "consume"} card={target} onClose={close} onDone={done} />
      <AdjustCardModal open={action === "adjust"} card={target} onClose={close} onDone={done} />
      <CardStatusModal
        action={action === "freeze" || action === "unfreeze" || action === "report-loss" || action === "replace" ? action : null}
        card={target}
        onClose={close}
        onDone={done}
      />
    </Card>
  );
}

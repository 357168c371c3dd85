import { useState } from "react";
import { App, Button, Card, Descriptions, Flex, Space, Tag, Typography } from "antd";
import { EditOutlined, MergeCellsOutlined, UserAddOutlined } from "@ant-design/icons";
import { useSession } from "../auth/SessionProvider";
import { formatDateTime } from "../components/format";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { isManagerRole } from "../loyalty/labels";
import { getCustomer, joinCustomer } from "./api";
import { customFieldItems } from "./customFields/customFieldItems";
import type { CustomerSchema } from "./customFields/schema";
import { MergeModal } from "./merge/MergeModal";
import { MemberPhoto } from "./photo/MemberPhoto";
import { MemberFormModal } from "./MemberFormModal";
import type { CustomerDetail } from "./types";

function Consent({ value, label }: { value: boolean; label: string }) {
  return <Tag color={value ? "success" : "default"}>{`${label}: ${value ? "✓" : "✗"}`}</Tag>;
}

interface Props {
  customer: CustomerDetail;
  schema: CustomerSchema | null;
  onUpdated: (c: CustomerDetail) => void;
  /** After a merge: reload everything (cards, balances and ledger moved over). */
  onMerged: () => void;
}

export function MemberProfile({ customer, schema, onUpdated, onMerged }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const handleError = useApiErrorHandler();
  const [editOpen, setEditOpen] = useState(false);
  const [joining, setJoining] = useState(false);
  const [mergeOpen, setMergeOpen] = useState(false);
  const manager = isManagerRole(session?.user?.role);
  const timeZone = session?.tenant?.time_zone;

  async function onJoin() {
    setJoining(true);
    try {
      await joinCustomer(customer.id);
      onUpdated(await getCustomer(customer.id)); // the join answer's shape is not pinned down
      message.success(t("member.joined"));
    } catch (err) {
      handleError(err);
    } finally {
      setJoining(false);
    }
  }

  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="member-name">{customer.name}</span>
          {customer.member_no ? (
            <Tag color="gold" data-testid="member-no">
              {customer.member_no}
            </Tag>
          ) : (
            <Tag>{t("members.notMember")}</Tag>
          )}
        </Space>
      }
      extra={
        <Space>
          {!customer.is_member ? (
            <Button data-testid="member-join" icon={<UserAddOutlined />} loading={joining} onClick={() => void onJoin()}>
              {t("member.join")}
            </Button>
          ) : null}
          <Button data-testid="member-edit" icon={<EditOutlined />} onClick={() => setEditOpen(true)}>
            {t("member.edit")}
          </Button>
          {manager ? (
            <Button data-testid="member-merge-open" icon={<MergeCellsOutlined />} onClick={() => setMergeOpen(true)}>
              {t("merge.open")}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Flex gap={24} align="flex-start" wrap="wrap">
      <MemberPhoto customer={customer} onUpdated={onUpdated} />
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="member-profile" style={{ flex: "1 1 420px" }}>
        <Descriptions.Item label={t("memberForm.phone")}>
          <span data-testid="member-phone">{customer.phone_display || customer.phone || "—"}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("memberForm.email")}>{customer.email || "—"}</Descriptions.Item>
        <Descriptions.Item label={t("memberForm.birthday")}>
          <span data-testid="member-birthday">{customer.birthday || "—"}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("memberForm.gender")}>
          {t(customer.gender ? `gender.${customer.gender}` : "gender.unspecified")}
        </Descriptions.Item>
        <Descriptions.Item label={t("memberForm.tags")}>
          <span data-testid="member-tags">
            {customer.tags?.length ? customer.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : "—"}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("member.consents")}>
          <Space size={4} wrap>
            <Consent value={customer.consent_sms} label={t("member.consentSms")} />
            <Consent value={customer.consent_email} label={t("member.consentEmail")} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t("member.joinedAt")}>{formatDateTime(customer.joined_at, lang, timeZone) ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("members.col.lastVisit")}>
          {formatDateTime(customer.last_visit_at, lang, timeZone) ?? t("common.never")}
        </Descriptions.Item>
        {customer.referrer ? (
          <Descriptions.Item label={t("member.referrer")}>{customer.referrer.name}</Descriptions.Item>
        ) : null}
        {customer.address ? <Descriptions.Item label={t("memberForm.address")}>{customer.address}</Descriptions.Item> : null}
        {customer.notes ? (
          <Descriptions.Item label={t("memberForm.notes")} span={3}>
            <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{customer.notes}</Typography.Text>
          </Descriptions.Item>
        ) : null}
        {customFieldItems(schema?.fields ?? [], customer.extra, t)}
      </Descriptions>
      </Flex>
      <MemberFormModal
        open={editOpen}
        customer={customer}
        schema={schema}
        onClose={() => setEditOpen(false)}
        onSaved={(saved) => {
          setEditOpen(false);
          // A PATCH answer may omit the cards: keep the ones we have.
          onUpdated({ ...customer, ...saved, cards: saved.cards ?? customer.cards });
          message.success(t("member.saved"));
        }}
      />
      {manager ? (
        <MergeModal
          open={mergeOpen}
          customer={customer}
          onClose={() => setMergeOpen(false)}
          onMerged={() => {
            setMergeOpen(false);
            onMerged();
          }}
        />
      ) : null}
    </Card>
  );
}

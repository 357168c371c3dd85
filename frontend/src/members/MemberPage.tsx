import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Col, Result, Row, Space } from "antd";
import { ArrowLeftOutlined } from "@ant-design/icons";
import { Link, useLocation, useParams } from "react-router-dom";
import { toApiError } from "../api/client";
import { NotFound } from "../components/NotFound";
import { PageSpinner } from "../components/PageSpinner";
import { useI18n } from "../i18n";
import { getCustomer } from "./api";
import { CardList } from "./CardList";
import { MemberCoupons } from "./coupons/MemberCoupons";
import { useCustomerSchema } from "./customFields/schema";
import { MemberLedger } from "./MemberLedger";
import { MemberOrders } from "./MemberOrders";
import { MemberProfile } from "./MemberProfile";
import { MemberPoints } from "./points/MemberPoints";
import { MemberTier } from "./tier/MemberTier";
import type { CustomerDetail, CustomerSummary } from "./types";

interface LocationState {
  possibleDuplicates?: CustomerSummary[];
}

/** One member: profile, cards with balances and actions, visits and orders, and the ledger. */
export function MemberPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const location = useLocation();
  const [customer, setCustomer] = useState<CustomerDetail | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [ledgerKey, setLedgerKey] = useState(0);
  const schema = useCustomerSchema();
  const duplicates = ((location.state as LocationState | null)?.possibleDuplicates ?? []).filter((d) => String(d.id) !== id);

  const load = useCallback(async () => {
    try {
      setCustomer(await getCustomer(id));
      setError(null);
    } catch (err) {
      const apiError = toApiError(err);
      setError({ status: apiError.status, message: apiError.message });
    }
  }, [id]);

  useEffect(() => {
    setCustomer(null);
    setError(null);
    void load();
  }, [load]);

  /** After a balance change: fresh cards and ledger. */
  const onChanged = useCallback(() => {
    void load();
    setLedgerKey((k) => k + 1);
  }, [load]);

  if (error && !customer) {
    if (error.status === 404) return <NotFound />;
    return (
      <Result
        status="error"
        title={t("error.title")}
        subTitle={error.message}
        extra={<Button onClick={() => void load()}>{t("common.retry")}</Button>}
      />
    );
  }
  if (!customer) return <PageSpinner />;

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }} data-testid="member-page">
      <Link to="/app/members">
        <ArrowLeftOutlined /> {t("member.back")}
      </Link>
      {duplicates.length ? (
        <Alert
          data-testid="member-duplicates"
          type="warning"
          showIcon
          closable
          message={t("member.duplicatesTitle")}
          description={
            <Space direction="vertical" size={2}>
              {duplicates.map((d) => (
                <Link key={d.id} to={`/app/members/${d.id}`}>
                  {[d.name, d.member_no, d.phone_display || d.phone].filter(Boolean).join(" · ")}
                </Link>
              ))}
            </Space>
          }
        />
      ) : null}
      <MemberProfile customer={customer} schema={schema} onUpdated={setCustomer} onMerged={onChanged} />
      <CardList customer={customer} onChanged={onChanged} />
      <MemberOrders customer={customer} reloadKey={ledgerKey} onChanged={onChanged} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <MemberPoints customerId={customer.id} reloadKey={ledgerKey} onChanged={onChanged} />
        </Col>
        <Col xs={24} lg={12}>
          <MemberTier customerId={customer.id} reloadKey={ledgerKey} />
        </Col>
      </Row>
      <MemberCoupons key={`coupons-${ledgerKey}`} customerId={customer.id} />
      <MemberLedger customerId={customer.id} cards={customer.cards ?? []} reloadKey={ledgerKey} onChanged={onChanged} />
    </Space>
  );
}

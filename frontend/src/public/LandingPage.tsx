import { Button, Card, Col, Row, Space, Tag, Typography } from "antd";
import { CreditCardOutlined, GiftOutlined, IdcardOutlined, ShoppingCartOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { useT, type MessageKey } from "../i18n";
import { ShopLoginForm } from "./ShopLoginForm";

const FEATURES: { icon: ReactNode; title: MessageKey; desc: MessageKey }[] = [
  { icon: <IdcardOutlined />, title: "landing.feature.members.title", desc: "landing.feature.members.desc" },
  { icon: <CreditCardOutlined />, title: "landing.feature.stored.title", desc: "landing.feature.stored.desc" },
  { icon: <GiftOutlined />, title: "landing.feature.points.title", desc: "landing.feature.points.desc" },
  { icon: <ShoppingCartOutlined />, title: "landing.feature.cashier.title", desc: "landing.feature.cashier.desc" },
];

const TRADES: MessageKey[] = ["trade.beauty", "trade.pet", "trade.retail", "trade.catering"];

export function LandingPage() {
  const t = useT();
  return (
    <>
      <section className="hy-hero">
        <h1>{t("landing.hero.title")}</h1>
        <p>{t("landing.hero.subtitle")}</p>
        <Space wrap size="middle" style={{ justifyContent: "center" }}>
          <Link to="/signup">
            <Button data-testid="landing-signup" type="primary" size="large" style={{ background: "#fff", color: "#0f766e" }}>
              {t("landing.hero.cta")}
            </Button>
          </Link>
          <a href="#shop-login">
            <Button size="large" ghost>
              {t("landing.hero.secondary")}
            </Button>
          </a>
        </Space>
      </section>

      <section className="hy-section">
        <Typography.Title level={2} style={{ textAlign: "center" }}>
          {t("landing.features.title")}
        </Typography.Title>
        <Row gutter={[16, 16]}>
          {FEATURES.map((f) => (
            <Col key={f.title} xs={24} sm={12} lg={6}>
              <Card style={{ height: "100%" }}>
                <div style={{ fontSize: 28, color: "#0f766e", marginBottom: 8 }}>{f.icon}</div>
                <Typography.Title level={4} style={{ marginTop: 0 }}>
                  {t(f.title)}
                </Typography.Title>
                <Typography.Text type="secondary">{t(f.desc)}</Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
        <div style={{ textAlign: "center", marginTop: 24 }}>
          <Typography.Text strong style={{ marginRight: 8 }}>
            {t("landing.trades.title")}
          </Typography.Text>
          {TRADES.map((key) => (
            <Tag key={key} color="cyan" style={{ marginBottom: 4 }}>
              {t(key)}
            </Tag>
          ))}
        </div>
      </section>

      <section className="hy-section" style={{ paddingTop: 0 }}>
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Card title={t("landing.pricing.title")} style={{ height: "100%" }}>
              <Typography.Paragraph>{t("landing.pricing.body")}</Typography.Paragraph>
              <Typography.Paragraph>
                <Tag color="green" style={{ fontSize: 14, padding: "4px 10px" }}>
                  {t("landing.pricing.unit")}
                </Tag>
              </Typography.Paragraph>
              <Link to="/signup">
                <Button type="primary">{t("landing.pricing.cta")}</Button>
              </Link>
            </Card>
          </Col>
          <Col xs={24} md={12} id="shop-login">
            <ShopLoginForm />
          </Col>
        </Row>
      </section>
    </>
  );
}

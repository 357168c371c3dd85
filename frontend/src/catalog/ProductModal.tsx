import { useEffect, useMemo, useState } from "react";
import { Button, Checkbox, Col, Divider, Empty, Form, Input, InputNumber, Modal, Row, Segmented, Select, Typography } from "antd";
import { FormError } from "../components/FormError";
import { useMoney } from "../components/money";
import { filterByValueOrLabel } from "../components/selectSearch";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import type { Tier } from "../loyalty/tiers/types";
import { createProduct, updateProduct } from "./api";
import { ProductImage } from "./ProductImage";
import { useCatalogLabels } from "./labels";
import type { ProductKinds } from "./kinds";
import { COMMISSION_TYPES, type Category, type CommissionType, type Product, type ProductKind, type ProductPayload } from "./types";

interface Values {
  kind: ProductKind;
  name: string;
  sku: string | null;
  barcodes: string[];
  category: number | null;
  price: string | null;
  cost: string | null;
  tax_rate: string | null;
  unit: string | null;
  active: boolean;
  duration_minutes: number | null;
  commission_type: CommissionType;
  commission_value: string | null;
  /** Member-tier prices keyed "t<tier id>"; empty means the tier pays the normal price. */
  tierPrices: Record<string, string | null | undefined>;
}

const FIELDS = [
  "kind",
  "name",
  "sku",
  "barcodes",
  "category",
  "price",
  "cost",
  "tax_rate",
  "unit",
  "active",
  "duration_minutes",
  "commission_type",
  "commission_value",
];
const DEFAULTS: Partial<Values> = {
  kind: "product",
  barcodes: [],
  category: null,
  tax_rate: "0",
  active: true,
  commission_type: "none",
  commission_value: "0",
  tierPrices: {},
};

const tierKey = (id: number) => `t${id}`;
/** Up to this many kinds fit a segmented control; more (plugins') get a drop-down. */
const SEGMENTED_KINDS = 4;
const decimalOrNull = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? null : String(v));

interface Props {
  open: boolean;
  product: Product | null;
  categories: Category[];
  tiers: Tier[];
  /** The shop's product kinds (useProductKinds). */
  kinds: ProductKinds;
  onClose: () => void;
  onSaved: (saved: Product) => void;
  /** The image was uploaded or removed (saved at once, apart from the form). */
  onImageChanged?: (saved: Product) => void;
}

export function ProductModal({ open, product, categories, tiers, kinds, onClose, onSaved, onImageChanged }: Props) {
  const { t } = useI18n();
  const { currency } = useMoney();
  const labels = useCatalogLabels();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form);
  // preserve: the value is read even while its field is hidden (a product kind without commission).
  const commissionType = Form.useWatch("commission_type", { form, preserve: true });
  const serviceLike = kinds.isService(kind);
  // Commission goes with services; a product of another kind that already has one keeps it visible (and editable).
  const showCommission = serviceLike || (!!commissionType && commissionType !== "none");
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    if (product) {
      form.setFieldsValue({
        kind: product.kind,
        name: product.name,
        sku: product.sku,
        barcodes: product.barcodes ?? [],
        category: product.category,
        price: product.price,
        cost: product.cost,
        tax_rate: product.tax_rate,
        unit: product.unit,
        active: product.active,
        duration_minutes: product.duration_minutes,
        commission_type: product.commission_type,
        commission_value: product.commission_value,
        tierPrices: Object.fromEntries((product.tier_prices ?? []).map((tp) => [tierKey(tp.tier), tp.price])),
      });
    }
  }, [open, product, form]);

  // The kinds offered, plus this product's own kind when the shop no longer has it (a disabled
  // plugin's): the product stays editable and keeps its kind unless another one is chosen.
  const kindOptions = useMemo(() => {
    const options = kinds.list.map((k) => ({ value: k.key, label: k.label }));
    if (product && !kinds.info(product.kind)) {
      options.push({ value: product.kind, label: `${kinds.label(product.kind)} (${t("common.inactive")})` });
    }
    return options;
  }, [kinds, product, t]);

  // Active tiers, plus any inactive tier this product already has a price for.
  const shownTiers = useMemo(() => {
    const priced = new Set((product?.tier_prices ?? []).map((tp) => tp.tier));
    return tiers.filter((tier) => tier.active || priced.has(tier.id)).sort((a, b) => a.rank - b.rank);
  }, [tiers, product]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const prices = v.tierPrices ?? {};
    const payload: ProductPayload = {
      kind: v.kind,
      name: v.name.trim(),
      sku: v.sku?.trim() || null,
      barcodes: [...new Set((v.barcodes ?? []).map((b) => b.trim()).filter(Boolean))],
      category: v.category ?? null,
      price: decimalOrNull(v.price) ?? "0",
      cost: decimalOrNull(v.cost),
      tax_rate: decimalOrNull(v.tax_rate) ?? "0",
      unit: (v.unit ?? "").trim(),
      active: !!v.active,
      // A kind the shop no longer offers (or not read yet) keeps the duration the product has.
      duration_minutes: kinds.isService(v.kind)
        ? (v.duration_minutes ?? null)
        : !kinds.info(v.kind) && product?.kind === v.kind
          ? (product.duration_minutes ?? null)
          : null,
      // A hidden commission field (a kind that is not a service, with no commission) means none.
      commission_type: v.commission_type ?? "none",
      commission_value: (v.commission_type ?? "none") === "none" ? "0" : (decimalOrNull(v.commission_value) ?? "0"),
      tier_prices: shownTiers
        .map((tier) => ({ tier: tier.id, price: decimalOrNull(prices[tierKey(tier.id)]) }))
        .filter((tp): tp is { tier: number; price: string } => tp.price !== null),
    };
    try {
      onSaved(product ? await updateProduct(product.id, payload) : await createProduct(payload));
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  const withCurrency = (label: string) => (currency ? `${label} (${currency})` : label);

  return (
    <Modal
      open={open}
      title={product ? t("product.editTitle") : t("product.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={720}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="product-form-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={DEFAULTS} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="kind" label={t("product.kind")}>
          {kindOptions.length <= SEGMENTED_KINDS ? (
            <Segmented<ProductKind> data-testid="product-form-kind" options={kindOptions} />
          ) : (
            <Select<ProductKind> data-testid="product-form-kind" options={kindOptions} style={{ maxWidth: 320 }} />
          )}
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t("product.name")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
              <Input data-testid="product-form-name" maxLength={200} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="sku" label={t("product.sku")}>
              <Input data-testid="product-form-sku" maxLength={64} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="barcodes" label={t("product.barcodes")} extra={t("product.barcodesHelp")}>
              <Select<string[]>
                data-testid="product-form-barcodes"
                mode="tags"
                notFoundContent={null}
                tokenSeparators={[",", " ", "\n"]}
                maxCount={50}
                placeholder={t("product.barcodesPlaceholder")}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="category" label={t("product.category")}>
              <Select
                data-testid="product-form-category"
                allowClear
                showSearch
                filterOption={filterByValueOrLabel}
                placeholder={t("product.noCategory")}
                options={categories.map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="price" label={withCurrency(t("product.price"))} rules={[{ required: true, message: t("validation.required") }]}>
              <InputNumber<string> data-testid="product-form-price" stringMode min="0" precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="cost" label={withCurrency(t("product.cost"))}>
              <InputNumber<string> data-testid="product-form-cost" stringMode min="0" precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="tax_rate" label={t("product.taxRate")}>
              <InputNumber<string> data-testid="product-form-tax-rate" stringMode min="0" max="100" precision={2} suffix="%" style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="unit" label={t("product.unit")}>
              <Input data-testid="product-form-unit" maxLength={20} autoComplete="off" placeholder={t("product.unitPlaceholder")} />
            </Form.Item>
          </Col>
          {serviceLike ? (
            <Col xs={12} sm={6}>
              <Form.Item name="duration_minutes" label={t("product.duration")}>
                <InputNumber data-testid="product-form-duration" min={1} precision={0} suffix={t("product.minutesUnit")} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          ) : null}
          {showCommission ? (
            <Col xs={12} sm={9}>
              <Form.Item name="commission_type" label={t("product.commissionType")}>
                <Select
                  data-testid="product-form-commission-type"
                  options={COMMISSION_TYPES.map((c) => ({ value: c, label: labels.commission(c) }))}
                />
              </Form.Item>
            </Col>
          ) : null}
          {showCommission && commissionType && commissionType !== "none" ? (
            <Col xs={12} sm={9}>
              <Form.Item
                name="commission_value"
                label={commissionType === "percent" ? t("product.commissionPercent") : withCurrency(t("product.commissionAmount"))}
                rules={[{ required: true, message: t("validation.required") }]}
              >
                <InputNumber<string>
                  data-testid="product-form-commission-value"
                  stringMode
                  min="0"
                  max={commissionType === "percent" ? "100" : undefined}
                  precision={2}
                  suffix={commissionType === "percent" ? "%" : undefined}
                  style={{ width: "100%" }}
                />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        <Divider orientation="left" plain style={{ marginTop: 0 }}>
          {t("product.tierPrices")}
        </Divider>
        <div data-testid="product-form-tier-prices">
          {shownTiers.length ? (
            <>
              <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
                {t("product.tierPricesHelp")}
              </Typography.Paragraph>
              <Row gutter={12}>
                {shownTiers.map((tier) => (
                  <Col xs={12} sm={8} key={tier.id}>
                    <Form.Item name={["tierPrices", tierKey(tier.id)]} label={tier.name}>
                      <InputNumber<string>
                        data-testid={`product-form-tier-price-${tier.id}`}
                        stringMode
                        min="0"
                        precision={2}
                        placeholder={currency}
                        style={{ width: "100%" }}
                      />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("product.noTiers")} />
          )}
        </div>
        <Form.Item label={t("productImage.label")}>
          {product ? (
            <ProductImage product={product} onChanged={(saved) => onImageChanged?.(saved)} />
          ) : (
            <Typography.Text type="secondary">{t("productImage.saveFirst")}</Typography.Text>
          )}
        </Form.Item>
        <Form.Item name="active" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid="product-form-active">{t("common.active")}</Checkbox>
        </Form.Item>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

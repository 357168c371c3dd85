import { useEffect, useState } from "react";
import { App, Avatar, Button, Popconfirm, Space, Typography, Upload } from "antd";
import { DeleteOutlined, PictureOutlined, UploadOutlined } from "@ant-design/icons";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { removeProductImage, uploadProductImage } from "./api";
import type { Product } from "./types";

const ACCEPT = "image/jpeg,image/png,image/webp";
const MAX_BYTES = 5 * 1024 * 1024;

/** A product's picture with upload and remove; changes are saved at once, like member photos. */
export function ProductImage({ product, onChanged }: { product: Product; onChanged: (saved: Product) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const [busy, setBusy] = useState(false);
  const [url, setUrl] = useState<string | null>(product.image_url);

  useEffect(() => setUrl(product.image_url), [product]);

  async function run(action: () => Promise<Product>, done: string) {
    setBusy(true);
    try {
      const saved = await action();
      setUrl(saved.image_url);
      onChanged(saved);
      message.success(done);
    } catch (err) {
      handleError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space align="center" size={12} data-testid="product-image">
      <Avatar size={72} shape="square" src={url || undefined} icon={<PictureOutlined />} alt={product.name} data-testid="product-image-preview" />
      <Space direction="vertical" size={4}>
        <Space size={4}>
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              if (file.size > MAX_BYTES) {
                message.error(t("productImage.tooLarge"));
                return Upload.LIST_IGNORE;
              }
              void run(() => uploadProductImage(product.id, file), t("productImage.uploaded"));
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined />} loading={busy} data-testid="product-image-upload">
              {url ? t("productImage.change") : t("productImage.upload")}
            </Button>
          </Upload>
          {url ? (
            <Popconfirm
              title={t("productImage.removeConfirm")}
              okText={t("productImage.remove")}
              cancelText={t("common.cancel")}
              onConfirm={() => run(() => removeProductImage(product.id), t("productImage.removed"))}
            >
              <Button size="small" danger icon={<DeleteOutlined />} disabled={busy} data-testid="product-image-remove" aria-label={t("productImage.remove")} />
            </Popconfirm>
          ) : null}
        </Space>
        <Typography.Text type="secondary">{t("productImage.hint")}</Typography.Text>
      </Space>
    </Space>
  );
}

import { useState } from "react";
import { App, Avatar, Button, Popconfirm, Space, Upload } from "antd";
import { DeleteOutlined, UploadOutlined, UserOutlined } from "@ant-design/icons";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { removePhoto, uploadPhoto } from "../api";
import type { CustomerDetail } from "../types";

const ACCEPT = "image/jpeg,image/png,image/webp";
const MAX_BYTES = 5 * 1024 * 1024;

/** The member's photo with upload (JPEG/PNG/WebP, at most 5 MB) and remove. */
export function MemberPhoto({ customer, onUpdated }: { customer: CustomerDetail; onUpdated: (c: CustomerDetail) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<CustomerDetail>, done: string) {
    setBusy(true);
    try {
      const saved = await action();
      onUpdated({ ...customer, ...saved, cards: saved.cards ?? customer.cards });
      message.success(done);
    } catch (err) {
      handleError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" align="center" size={6} data-testid="member-photo">
      <Avatar
        size={96}
        shape="square"
        src={customer.photo_url || undefined}
        icon={<UserOutlined />}
        alt={customer.name}
        data-testid="member-photo-image"
      />
      <Space size={4}>
        <Upload
          accept={ACCEPT}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            if (file.size > MAX_BYTES) {
              message.error(t("photo.tooLarge"));
              return Upload.LIST_IGNORE;
            }
            void run(() => uploadPhoto(customer.id, file), t("photo.uploaded"));
            return false;
          }}
        >
          <Button size="small" icon={<UploadOutlined />} loading={busy} data-testid="member-photo-upload">
            {customer.photo_url ? t("photo.change") : t("photo.upload")}
          </Button>
        </Upload>
        {customer.photo_url ? (
          <Popconfirm
            title={t("photo.removeConfirm")}
            okText={t("photo.remove")}
            cancelText={t("common.cancel")}
            onConfirm={() => run(() => removePhoto(customer.id), t("photo.removed"))}
          >
            <Button size="small" danger icon={<DeleteOutlined />} disabled={busy} data-testid="member-photo-remove" aria-label={t("photo.remove")} />
          </Popconfirm>
        ) : null}
      </Space>
    </Space>
  );
}

import { useState } from "react";
import { Button, Space } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { saveBlob } from "../../api/client";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { exportCustomers } from "../api";

/** "Export CSV" / "Export Excel": download through the export endpoint (owner or manager). */
export function ExportButtons() {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const [busy, setBusy] = useState<"csv" | "xlsx" | null>(null);

  async function run(format: "csv" | "xlsx") {
    setBusy(format);
    try {
      const { blob, filename } = await exportCustomers(format);
      saveBlob(blob, filename === "download" ? `members.${format}` : filename);
    } catch (err) {
      handleError(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Space.Compact>
      <Button data-testid="member-export-csv" icon={<DownloadOutlined />} loading={busy === "csv"} disabled={!!busy} onClick={() => void run("csv")}>
        {t("export.csv")}
      </Button>
      <Button data-testid="member-export-xlsx" loading={busy === "xlsx"} disabled={!!busy} onClick={() => void run("xlsx")}>
        {t("export.xlsx")}
      </Button>
    </Space.Compact>
  );
}

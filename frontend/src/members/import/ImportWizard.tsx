import { useEffect, useState } from "react";
import { Alert, Button, Modal, Result, Space, Statistic, Steps, Table, Typography, Upload } from "antd";
import { InboxOutlined } from "@ant-design/icons";
import { FormError } from "../../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { importCustomers } from "../api";
import type { ImportResult, ImportRowError } from "../types";
import { ImportColumnsHelp } from "./ImportColumnsHelp";

const ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MAX_BYTES = 20 * 1024 * 1024;

interface Props {
  open: boolean;
  onClose: () => void;
  /** After a commit that imported rows (the list should reload). */
  onImported: () => void;
}

/** Step 1 choose a file → step 2 dry run (every bad row) → step 3 import the good rows → summary. */
export function ImportWizard({ open, onClose, onImported }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState<ImportResult | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [topError, setTopError] = useState<string | null>(null);
  const step = result ? 2 : dryRun ? 1 : 0;

  useEffect(() => {
    if (!open) return;
    setFile(null);
    setDryRun(null);
    setResult(null);
    setTopError(null);
  }, [open]);

  async function check(chosen: File) {
    setFile(chosen);
    setTopError(null);
    dismissError();
    setBusy(true);
    try {
      setDryRun(await importCustomers(chosen, true));
    } catch (err) {
      setTopError(handleError(err));
    } finally {
      setBusy(false);
    }
  }

  async function commit() {
    if (!file || !dryRun) return;
    setTopError(null);
    dismissError();
    setBusy(true);
    try {
      const done = await importCustomers(file, false, dryRun.batch);
      setResult(done);
      if (done.imported) onImported();
    } catch (err) {
      setTopError(handleError(err));
    } finally {
      setBusy(false);
    }
  }

  // "valid" already leaves out the rows an earlier commit of this file imported.
  const good = dryRun?.valid ?? 0;

  const footer =
    step === 0
      ? [
          <Button key="cancel" onClick={onClose}>
            {t("common.cancel")}
          </Button>,
        ]
      : step === 1
        ? [
            <Button key="back" onClick={() => setDryRun(null)} disabled={busy}>
              {t("import.chooseAnother")}
            </Button>,
            <Button key="commit" type="primary" data-testid="import-commit" loading={busy} disabled={!good} onClick={() => void commit()}>
              {t("import.commit", { count: good })}
            </Button>,
          ]
        : [
            <Button key="close" type="primary" data-testid="import-close" onClick={onClose}>
              {t("common.close")}
            </Button>,
          ];

  return (
    <Modal open={open} title={t("import.title")} onCancel={onClose} maskClosable={!busy} width={760} footer={footer} destroyOnHidden>
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 20 }}
        items={[{ title: t("import.step.file") }, { title: t("import.step.check") }, { title: t("import.step.import") }]}
      />
      {step === 0 ? (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Upload.Dragger
            accept={ACCEPT}
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(chosen) => {
              if (chosen.size > MAX_BYTES) {
                setTopError(t("import.tooLarge"));
                return Upload.LIST_IGNORE;
              }
              void check(chosen);
              return false;
            }}
          >
            <div data-testid="import-file">
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{busy ? t("import.checking") : t("import.dropHint")}</p>
              <p className="ant-upload-hint">{t("import.fileHint")}</p>
            </div>
          </Upload.Dragger>
          <ImportColumnsHelp />
        </Space>
      ) : null}
      {step === 1 && dryRun ? <DryRunReport report={dryRun} fileName={file?.name ?? ""} /> : null}
      {step === 2 && result ? (
        <Result
          status={result.errors.length ? "warning" : "success"}
          title={<span data-testid="import-summary">{t("import.summary", { count: result.imported ?? 0 })}</span>}
          subTitle={[
            result.cards ? t("import.summaryCards", { count: result.cards }) : "",
            result.already_imported ? t("import.alreadyImported", { count: result.already_imported }) : "",
            result.errors.length ? t("import.summarySkipped", { count: result.errors.length }) : "",
          ]
            .filter(Boolean)
            .join(" · ")}
        />
      ) : null}
      <FormError message={topError} />
    </Modal>
  );
}

function DryRunReport({ report, fileName }: { report: ImportResult; fileName: string }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Text type="secondary">{fileName}</Typography.Text>
      <Space size="large" wrap data-testid="import-totals">
        <Statistic title={t("import.total")} value={report.total} />
        <Statistic title={t("import.valid")} value={report.valid} valueStyle={{ color: "#0f766e" }} />
        <Statistic title={t("import.invalidRows")} value={new Set(report.errors.map((e) => e.row)).size} valueStyle={report.errors.length ? { color: "#cf1322" } : undefined} />
        {report.already_imported ? <Statistic title={t("import.already")} value={report.already_imported} /> : null}
      </Space>
      {report.ignored_columns?.length ? (
        <Alert type="info" showIcon message={t("import.ignoredColumns", { columns: report.ignored_columns.join(", ") })} />
      ) : null}
      {report.errors.length ? (
        <div data-testid="import-errors">
          <Alert type="warning" showIcon message={t("import.errorsHint")} style={{ marginBottom: 8 }} />
          <Table<ImportRowError & { i: number }>
            rowKey="i"
            size="small"
            dataSource={report.errors.map((e, i) => ({ ...e, i }))}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ y: 320 }}
            columns={[
              { title: t("import.row"), dataIndex: "row", width: 80 },
              { title: t("import.field"), dataIndex: "field", width: 160, render: (v: string) => v || "—" },
              { title: t("import.reason"), dataIndex: "message" },
            ]}
          />
        </div>
      ) : (
        <Alert type="success" showIcon message={t("import.noErrors")} />
      )}
    </Space>
  );
}

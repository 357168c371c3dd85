import { useState } from "react";
import { Button, Modal, Table, Typography } from "antd";
import { QuestionCircleOutlined } from "@ant-design/icons";
import { useI18n } from "../../i18n";
import { IMPORT_COLUMNS, type ImportColumn } from "./columns";

/** A link that opens the list of accepted columns (English and Chinese headers). */
export function ImportColumnsHelp() {
  const { t, tOpt } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="link" icon={<QuestionCircleOutlined />} onClick={() => setOpen(true)} data-testid="import-columns-help" style={{ padding: 0 }}>
        {t("import.columnsLink")}
      </Button>
      <Modal open={open} title={t("import.columnsTitle")} onCancel={() => setOpen(false)} footer={null} width={720}>
        <Typography.Paragraph type="secondary">{t("import.columnsIntro")}</Typography.Paragraph>
        <Table<ImportColumn>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={[...IMPORT_COLUMNS]}
          scroll={{ x: "max-content", y: 420 }}
          columns={[
            { title: t("import.colField"), dataIndex: "key", render: (k: string) => tOpt(`importColumn.${k}`, k) },
            {
              title: t("import.colEnglish"),
              key: "en",
              render: (_, c) => (
                <>
                  <Typography.Text code>{c.key}</Typography.Text>
                  {c.aliases ? <Typography.Text type="secondary">{` ${c.aliases}`}</Typography.Text> : null}
                </>
              ),
            },
            { title: t("import.colTraditional"), dataIndex: "zhHant" },
            { title: t("import.colSimplified"), dataIndex: "zhHans" },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t("import.columnsNotes")}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

import { useEffect, useState } from "react";
import { Alert, Button, Checkbox, Flex, Input, Modal, Select, Space, Typography } from "antd";
import { useI18n } from "../i18n";
import { HUNDRED, dec, equalShares, isAmountText, sum } from "./decimal";
import type { StaffRef, StaffShare } from "./types";

interface Props {
  open: boolean;
  staff: StaffRef[];
  initial: StaffShare[];
  lineName: string;
  onCancel: () => void;
  onSave: (shares: StaffShare[], allLines: boolean) => void;
}

/** Who served a line: one or several staff with shares that add up to 100%. */
export function StaffModal({ open, staff, initial, lineName, onCancel, onSave }: Props) {
  const { t } = useI18n();
  const [shares, setShares] = useState<StaffShare[]>(initial);
  const [allLines, setAllLines] = useState(false);

  useEffect(() => {
    if (open) {
      setShares(initial);
      setAllLines(false);
    }
  }, [open, initial]);

  function onPick(ids: number[]) {
    const split = equalShares(ids.length);
    setShares(ids.map((user, i) => ({ user, share: split[i] })));
  }

  const valid =
    shares.length === 0 ||
    (shares.every((s) => isAmountText(s.share) && dec(s.share) > 0n) && sum(shares.map((s) => dec(s.share))) === HUNDRED);

  return (
    <Modal
      open={open}
      title={t("cashier.staff.title", { name: lineName })}
      onCancel={onCancel}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onCancel}>{t("common.cancel")}</Button>
          <Button type="primary" data-testid="staff-save" disabled={!valid} onClick={() => onSave(shares, allLines)}>
            {t("cashier.staff.save")}
          </Button>
        </Space>
      }
    >
      <Select
        mode="multiple"
        autoFocus
        data-testid="staff-select"
        style={{ width: "100%" }}
        placeholder={t("cashier.staff.pick")}
        value={shares.map((s) => s.user)}
        onChange={onPick}
        options={staff.map((s) => ({ value: s.id, label: s.name }))}
        optionFilterProp="label"
      />
      {shares.length > 1 ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t("cashier.staff.shares")}</Typography.Text>
          {shares.map((s, i) => (
            <Flex key={s.user} align="center" gap={8} style={{ marginTop: 6 }}>
              <span style={{ flex: 1 }}>{staff.find((x) => x.id === s.user)?.name ?? s.user}</span>
              <Input
                data-testid={`staff-share-${s.user}`}
                value={s.share}
                suffix="%"
                inputMode="decimal"
                style={{ width: 120 }}
                onChange={(e) => setShares(shares.map((x, j) => (j === i ? { ...x, share: e.target.value.trim() } : x)))}
              />
            </Flex>
          ))}
          {!valid ? <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t("cashier.staff.sumError")} /> : null}
        </div>
      ) : null}
      <Checkbox checked={allLines} onChange={(e) => setAllLines(e.target.checked)} style={{ marginTop: 12 }} data-testid="staff-all-lines">
        {t("cashier.staff.allLines")}
      </Checkbox>
    </Modal>
  );
}

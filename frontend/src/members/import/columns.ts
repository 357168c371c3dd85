// Accepted import headers (members/importing.py COLUMNS): English key, then the main Chinese names.
export interface ImportColumn {
  key: string;
  zhHant: string;
  zhHans: string;
  /** Other accepted English headers. */
  aliases?: string;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: "member_no", zhHant: "會員編號", zhHans: "会员编号", aliases: "member number" },
  { key: "name", zhHant: "姓名", zhHans: "姓名", aliases: "full name" },
  { key: "phone", zhHant: "手機 / 電話", zhHans: "手机 / 电话", aliases: "mobile, tel" },
  { key: "email", zhHant: "電子郵件", zhHans: "电子邮件", aliases: "e-mail" },
  { key: "birthday", zhHant: "生日", zhHans: "生日", aliases: "date of birth" },
  { key: "gender", zhHant: "性別", zhHans: "性别", aliases: "sex" },
  { key: "address", zhHant: "地址", zhHans: "地址" },
  { key: "notes", zhHant: "備註", zhHans: "备注", aliases: "remarks" },
  { key: "tags", zhHant: "標籤", zhHans: "标签" },
  { key: "joined_at", zhHant: "加入日期", zhHans: "加入日期", aliases: "join date" },
  { key: "card_number", zhHant: "卡號", zhHans: "卡号", aliases: "card number" },
  { key: "card_type", zhHant: "卡種", zhHans: "卡种", aliases: "card type" },
  { key: "principal", zhHant: "儲值餘額", zhHans: "储值余额", aliases: "stored value, balance" },
  { key: "bonus", zhHant: "贈送餘額", zhHans: "赠送余额" },
  { key: "sessions", zhHant: "次數", zhHans: "次数" },
  { key: "minutes", zhHant: "分鐘", zhHans: "分钟" },
  { key: "expires_at", zhHant: "到期日", zhHans: "到期日", aliases: "expires, expiry" },
  { key: "points", zhHant: "點數 / 積分", zhHans: "点数 / 积分" },
];

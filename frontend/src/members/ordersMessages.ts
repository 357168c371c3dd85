// Texts of the member page's visits and orders, spread into src/i18n/{en,zh-hant,zh-hans}.ts.
// The three objects must have exactly the same keys and placeholders (npm run check-i18n).
// Column titles and order statuses reuse the orders back office's keys (cashier/messages.ts).

export const en = {
  "memberOrders.title": "Visits and orders",
  "memberOrders.visits": "Visits",
  "memberOrders.visitsHelp": "Orders rung up for this member, refunded ones included.",
  "memberOrders.lastVisit": "Last visit",
  "memberOrders.totalSpent": "Total spent",
  "memberOrders.totalSpentHelp": "What the orders came to, less what was refunded.",
  "memberOrders.totalSpentPartial": "The latest {count} orders only.",
  "memberOrders.storesNote": "Only the orders of the stores you work in are shown.",
  "memberOrders.empty": "No orders yet.",
  "memberOrders.openAll": "Open in Orders",
};

type Keys = keyof typeof en;

export const zhHant: Record<Keys, string> = {
  "memberOrders.title": "到店與訂單",
  "memberOrders.visits": "到店次數",
  "memberOrders.visitsHelp": "為此會員結帳的訂單數，含已退款的訂單。",
  "memberOrders.lastVisit": "最近到店",
  "memberOrders.totalSpent": "累計消費",
  "memberOrders.totalSpentHelp": "訂單金額合計，扣除已退款的金額。",
  "memberOrders.totalSpentPartial": "僅計最近 {count} 筆訂單。",
  "memberOrders.storesNote": "只顯示您所屬門市的訂單。",
  "memberOrders.empty": "尚無訂單。",
  "memberOrders.openAll": "在訂單中查看",
};

export const zhHans: Record<Keys, string> = {
  "memberOrders.title": "到店与订单",
  "memberOrders.visits": "到店次数",
  "memberOrders.visitsHelp": "为此会员结账的订单数，含已退款的订单。",
  "memberOrders.lastVisit": "最近到店",
  "memberOrders.totalSpent": "累计消费",
  "memberOrders.totalSpentHelp": "订单金额合计，扣除已退款的金额。",
  "memberOrders.totalSpentPartial": "仅计最近 {count} 笔订单。",
  "memberOrders.storesNote": "只显示您所属门店的订单。",
  "memberOrders.empty": "暂无订单。",
  "memberOrders.openAll": "在订单中查看",
};

import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { Alert, App, Button, Card, Col, Drawer, Empty, Flex, Grid, Input, Result, Row, Segmented, Select, Space, Spin, Switch, Tag, Tooltip, Typography, type InputRef } from "antd";
import { BarcodeOutlined, DisconnectOutlined, ShoppingCartOutlined, WifiOutlined } from "@ant-design/icons";
import { isApiError, toApiError } from "../api/client";
import { allowedStores } from "../app/storeAccess";
import { useSession } from "../auth/SessionProvider";
import { getCatalogSchema, listStores, scanProduct } from "../catalog/api";
import { formatDateTime } from "../components/format";
import { useMoney } from "../components/money";
import { useDebounced } from "../components/useDebounced";
import { newIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n } from "../i18n";
import type { CardSummary } from "../loyalty/types";
import { lookupCustomers } from "../members/api";
import { checkoutOrder, quoteOrder } from "./api";
import { CartPanel } from "./CartPanel";
import { EMPTY_CART, cartReducer, lineKey, orderMode, toLineInput, type CartMember, type CartState } from "./cart";
import "./cashier.css";
import { isNetworkError, noteResult, probe, useOnline } from "./connectivity";
import { ZERO, dec, fmt, max } from "./decimal";
import { DiscountModal } from "./DiscountModal";
import { MemberPanel } from "./MemberPanel";
import { builtinOf, currencyDecimals, modeWorksOffline, modesOf, pluginOf } from "./modes";
import { CountCardPanel } from "./modes/CountCardPanel";
import { QuickPanel } from "./modes/QuickPanel";
import { TimedPanel } from "./modes/TimedPanel";
import { idbGet, idbSet } from "./idb";
import { loadBootstrap, memberByCode, memberFromIndex, refreshMemberIndex } from "./offlineCache";
import { PaymentModal } from "./PaymentModal";
import { estimateQuote } from "./pricing";
import { ProductGrid } from "./ProductGrid";
import { QueueBadge, QueueDrawer } from "./QueueDrawer";
import { ReceiptModal, type ReceiptData } from "./ReceiptModal";
import { StaffModal } from "./StaffModal";
import { enqueueOrder, onOrdersSynced, startSync, syncNow } from "./syncQueue";
import { registerOfflineWorker } from "./serviceWorker";
import { OFFLINE_METHODS, type CashierBootstrap, type CashierMode, type CashierProduct, type CheckoutBody, type OrderBody, type PaymentInput, type Quote, type TimedSession } from "./types";
import { activeCards, useMemberDetails } from "./useMemberDetails";

const STORE_KEY = "huiyuan.cashier.store";
const MODE_KEY = "huiyuan.cashier.mode";
const CART_KEY = "huiyuan.cashier.cart";
const FOCUS_KEY = "huiyuan.cashier.scanFocus";

function readLocal(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeLocal(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Private mode: nothing is remembered.
  }
}

function initialCart(): CartState {
  const raw = readLocal(CART_KEY);
  if (!raw) return EMPTY_CART;
  try {
    const parsed = JSON.parse(raw) as CartState;
    return parsed && Array.isArray(parsed.lines) ? { ...EMPTY_CART, ...parsed } : EMPTY_CART;
  } catch {
    return EMPTY_CART;
  }
}

// ---- Service-like product kinds (the timed mode's products) ----
// Plugins register product kinds, and whether one behaves like a service (billable by time) is the
// server's word: `GET products/schema/` "kinds". The bootstrap's products carry only `kind`, so the
// keys of the service-like kinds are read with every fresh bootstrap and kept next to it in the
// device cache (IndexedDB), for a till that starts offline.
const SERVICE_KINDS_KEY = "productKinds:service";

/** The keys of the shop's service-like kinds, or null while never known on this device. */
function useServiceKinds(boot: CashierBootstrap | null, bootCached: boolean): ReadonlySet<string> | null {
  const [keys, setKeys] = useState<string[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    idbGet<string[]>("cache", SERVICE_KINDS_KEY)
      .then((saved) => {
        if (!cancelled && Array.isArray(saved)) setKeys((current) => current ?? saved);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  // A bootstrap straight from the server: the kinds may have changed with it (a plugin enabled).
  const fresh = boot && !bootCached ? boot.generated_at : null;
  useEffect(() => {
    if (!fresh) return;
    const controller = new AbortController();
    getCatalogSchema(controller.signal)
      .then((schema) => {
        if (!Array.isArray(schema?.kinds)) return; // a server without kinds: keep what is known
        const next = schema.kinds.filter((k) => k.is_service).map((k) => k.key);
        setKeys(next);
        idbSet("cache", SERVICE_KINDS_KEY, next).catch(() => undefined);
      })
      .catch(() => undefined); // offline again, or refused: keep the cached keys (or the fallback)
    return () => controller.abort();
  }, [fresh]);

  return useMemo(() => (keys ? new Set(keys) : null), [keys]);
}

/**
 * Whether the timed mode offers `product`: its kind is service-like. Until the kinds were ever read
 * on this device, the core's "service", and any other kind but "product" that has a duration.
 */
function isServiceLike(product: CashierProduct, serviceKinds: ReadonlySet<string> | null): boolean {
  if (serviceKinds) return serviceKinds.has(product.kind);
  return product.kind === "service" || (product.kind !== "product" && product.duration_minutes != null);
}

function isEditable(el: Element | null): boolean {
  if (!el || el === document.body) return false;
  const tag = el.tagName;
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return true;
  return (el as HTMLElement).isContentEditable || !!el.closest("[role=combobox], .ant-select, .ant-picker");
}

interface QuoteState {
  sig: string;
  quote: Quote | null;
  error: string | null;
  estimate: boolean;
  loading: boolean;
}

const NO_QUOTE: QuoteState = { sig: "", quote: null, error: null, estimate: false, loading: false };

/** The cashier screen: scan, products, member, cart, quote, split payment, receipt; works offline. */
export function CashierPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const { money } = useMoney();
  const screens = Grid.useBreakpoint();
  const online = useOnline();
  const wide = screens.md !== false; // tablet and desktop: products and cart side by side
  const timeZone = session?.tenant?.time_zone;

  const [storeId, setStoreId] = useState<number | undefined>(() => Number(readLocal(STORE_KEY)) || undefined);
  const [boot, setBoot] = useState<CashierBootstrap | null>(null);
  const [bootCached, setBootCached] = useState(false);
  const [bootError, setBootError] = useState<string | null>(null);
  const [bootLoading, setBootLoading] = useState(true);
  const [modeKey, setModeKey] = useState<string>(() => readLocal(MODE_KEY) || "sale");
  const [cart, dispatch] = useReducer(cartReducer, undefined, initialCart);
  const [quoteState, setQuoteState] = useState<QuoteState>(NO_QUOTE);
  const [memberReload, setMemberReload] = useState(0);
  const [payOpen, setPayOpen] = useState(false);
  const [payError, setPayError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [staffLine, setStaffLine] = useState<string | null>(null);
  const [discountOpen, setDiscountOpen] = useState(false);
  const [receipt, setReceipt] = useState<ReceiptData | null>(null);
  const [queueOpen, setQueueOpen] = useState(false);
  const [cartOpen, setCartOpen] = useState(false);
  const [scan, setScan] = useState("");
  const [keepFocus, setKeepFocus] = useState<boolean>(() => {
    const saved = readLocal(FOCUS_KEY);
    if (saved !== null) return saved === "1";
    return window.matchMedia?.("(pointer: fine)").matches ?? true;
  });
  const scanRef = useRef<InputRef>(null);
  const checkoutKey = useRef<string | null>(null);
  const triedDefaultStore = useRef(false);
  /** Set when the last checkout attempt failed at the network level (the order may exist). */
  const [lostAnswer, setLostAnswer] = useState(false);

  const details = useMemberDetails(cart.member?.id ?? null, online, memberReload);
  const serviceKinds = useServiceKinds(boot, bootCached);
  const modalOpen = payOpen || staffLine !== null || discountOpen || receipt !== null || queueOpen || cartOpen;

  // ---- Bootstrap (online, else from the device) ----
  const loadBoot = useCallback(
    async (store?: number) => {
      setBootLoading(true);
      try {
        let loaded;
        try {
          loaded = await loadBootstrap(store);
        } catch (err) {
          // A remembered store that is gone or not allowed: fall back to the default one.
          if (store !== undefined && isApiError(err) && (err.status === 404 || err.status === 403)) {
            writeLocal(STORE_KEY, null);
            loaded = await loadBootstrap(undefined);
          } else throw err;
        }
        if (!loaded.data.store && !loaded.cached && !triedDefaultStore.current) {
          // A new shop has no store until someone lists them (GET /stores/ creates the first one).
          triedDefaultStore.current = true;
          const stores = await listStores().catch(() => []);
          if (stores.length) loaded = await loadBootstrap(undefined);
        }
        setBoot(loaded.data);
        setBootCached(loaded.cached);
        setBootError(null);
        if (loaded.data.store && loaded.data.store.id !== store) setStoreId(loaded.data.store.id);
        if (!loaded.cached) void refreshMemberIndex().catch(() => undefined);
      } catch (err) {
        setBootError(toApiError(err).message);
      } finally {
        setBootLoading(false);
      }
    },
    [],
  );

  useEffect(() => {
    startSync();
    registerOfflineWorker();
    void loadBoot(storeId);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Back online: refresh the catalog and the member index quietly.
  const wasOnline = useRef(online);
  useEffect(() => {
    if (online && !wasOnline.current) {
      void loadBoot(storeId);
      void syncNow();
    }
    wasOnline.current = online;
  }, [online, loadBoot, storeId]);

  useEffect(
    () =>
      onOrdersSynced((orders) => {
        message.success(t("cashier.queue.syncedToast", { count: orders.length }));
      }),
    [message, t],
  );

  useEffect(() => writeLocal(CART_KEY, JSON.stringify(cart)), [cart]);
  // An emptied cart is a new sale: forget the checkout key of the previous attempt.
  useEffect(() => {
    if (!cart.lines.length && !payOpen) {
      checkoutKey.current = null;
      setLostAnswer(false);
    }
  }, [cart.lines.length, payOpen]);
  useEffect(() => writeLocal(MODE_KEY, modeKey), [modeKey]);

  // The attached member's tier as the server knows it (the live lookup has none).
  useEffect(() => {
    if (cart.member && details.tier !== undefined && (details.tier?.id ?? null) !== cart.member.tier) {
      dispatch({ type: "setMember", member: { ...cart.member, tier: details.tier?.id ?? null } });
    }
  }, [details.tier, cart.member]);

  // ---- Scanner focus ----
  const focusScan = useCallback(() => {
    if (!keepFocus || modalOpen) return;
    const active = document.activeElement;
    if (active && active !== scanRef.current?.input && isEditable(active)) return;
    scanRef.current?.focus({ preventScroll: true } as FocusOptions);
  }, [keepFocus, modalOpen]);

  useEffect(() => {
    if (!keepFocus || modalOpen) return;
    focusScan();
    const onClick = () => window.setTimeout(focusScan, 0);
    // A scanner is fast keyboard input: typing while nothing editable has focus goes to the scan box.
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
      if (isEditable(document.activeElement)) return;
      scanRef.current?.focus({ preventScroll: true } as FocusOptions);
    };
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey, true);
    return () => {
      document.removeEventListener("click", onClick);
      document.removeEventListener("keydown", onKey, true);
    };
  }, [keepFocus, modalOpen, focusScan]);

  // Re-focus after every change of the cart, and when a dialog closes.
  useEffect(() => {
    const timer = window.setTimeout(focusScan, 0);
    return () => window.clearTimeout(timer);
  }, [cart, modalOpen, modeKey, focusScan]);

  // ---- Modes ----
  const modes = useMemo(() => modesOf(boot), [boot]);
  const mode = modes.find((m) => m.key === modeKey) ?? modes[0];
  const builtin = builtinOf(mode?.key ?? "sale");
  useEffect(() => {
    if (boot && !modes.some((m) => m.key === modeKey)) setModeKey(modes[0]?.key ?? "sale");
  }, [boot, modes, modeKey]);

  // ---- Quote (debounced; offline: local estimate) ----
  const orderBody = useMemo<OrderBody | null>(() => {
    if (!boot?.store || !cart.lines.length) return null;
    const body: OrderBody = {
      store: boot.store.id,
      mode: orderMode(cart.lines, mode?.key ?? "sale"),
      customer: cart.member?.id ?? null,
      lines: cart.lines.map(toLineInput),
    };
    if (cart.couponCode.trim() && online) body.coupon_code = cart.couponCode.trim();
    if (cart.manualDiscount && boot.can_discount) body.manual_discount = cart.manualDiscount;
    return body;
  }, [boot, cart, mode?.key, online]);
  const sig = orderBody ? JSON.stringify(orderBody) : "";
  const debouncedSig = useDebounced(sig, 250);

  useEffect(() => {
    if (!debouncedSig || !boot) {
      setQuoteState(NO_QUOTE);
      return;
    }
    const estimate = () => estimateQuote(boot, cart.lines, cart.member?.tier ?? null, cart.manualDiscount);
    if (!online) {
      setQuoteState({ sig: debouncedSig, quote: estimate(), error: null, estimate: true, loading: false });
      return;
    }
    const controller = new AbortController();
    setQuoteState((prev) => ({ ...prev, loading: true }));
    quoteOrder(JSON.parse(debouncedSig) as OrderBody, controller.signal)
      .then((quote) => {
        noteResult();
        setQuoteState({ sig: debouncedSig, quote, error: null, estimate: false, loading: false });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        noteResult(err);
        if (isNetworkError(err)) {
          setQuoteState({ sig: debouncedSig, quote: estimate(), error: null, estimate: true, loading: false });
          return;
        }
        const e = toApiError(err);
        const extra = Object.values(e.fields).flat().filter((m) => m !== e.message);
        setQuoteState({ sig: debouncedSig, quote: null, error: [e.message, ...extra].join(" "), estimate: false, loading: false });
      });
    return () => controller.abort();
    // cart is read through debouncedSig; the estimate uses the same state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSig, online, boot]);

  const quoteFresh = quoteState.sig === sig && quoteState.quote !== null && !quoteState.loading;
  const shownQuote = quoteState.quote && quoteState.quote.lines.length === cart.lines.length ? quoteState.quote : null;

  // ---- Adding lines ----
  const addProduct = useCallback(
    (product: CashierProduct, quantity = "1") => {
      dispatch({ type: "addProduct", product: product.id, name: product.name, price: product.price, mode: modeForLine("sale"), quantity });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [modes],
  );

  /** The bootstrap key of a built-in mode (e.g. "quick" may be registered as "quick_amount"). */
  function modeForLine(kind: "sale" | "quick" | "count_card" | "timed"): string {
    return modes.find((m) => builtinOf(m.key) === kind)?.key ?? kind;
  }

  function attachMember(member: CartMember) {
    dispatch({ type: "setMember", member });
    message.success(t("cashier.member.attached", { name: member.name || member.member_no || "" }));
  }

  async function onScan(raw: string) {
    let code = raw.trim();
    setScan("");
    if (!code || !boot) return;
    // "3*4710001" sells three.
    let quantity = "1";
    const multi = /^(\d{1,4}(?:\.\d{1,3})?)\*(.+)$/.exec(code);
    if (multi) {
      quantity = multi[1];
      code = multi[2].trim();
    }
    const lower = code.toLowerCase();
    const local = boot.products.find(
      (p) => (p.barcodes ?? []).some((b) => b.toLowerCase() === lower) || (p.sku ?? "").toLowerCase() === lower,
    );
    if (local) {
      addProduct(local, quantity);
      return;
    }
    const indexed = await memberByCode(code);
    if (indexed) {
      attachMember({ id: indexed.id, name: indexed.name, phone: indexed.phone, phone_display: indexed.phone_display, member_no: indexed.member_no, tier: indexed.tier });
      return;
    }
    if (online) {
      try {
        const product = await scanProduct(code);
        noteResult();
        dispatch({ type: "addProduct", product: product.id, name: product.name, price: product.price, mode: modeForLine("sale"), quantity });
        return;
      } catch (err) {
        noteResult(err);
        if (!(isApiError(err) && err.status === 404)) {
          if (!isNetworkError(err)) message.error(toApiError(err).message);
        }
      }
      try {
        const { results } = await lookupCustomers(code);
        if (results.length === 1) {
          const c = results[0];
          const fromIndex = await memberFromIndex(c.id);
          attachMember({ id: c.id, name: c.name, phone: c.phone, phone_display: c.phone_display, member_no: c.member_no, tier: fromIndex?.tier ?? null });
          return;
        }
      } catch (err) {
        noteResult(err);
      }
    }
    message.warning({ content: t("cashier.scan.notFound", { code }), key: "scan-miss" });
  }

  function addQuick(amount: string, description: string) {
    dispatch({
      type: "addLine",
      line: { key: lineKey(), kind: "quick", name: description, amount, description, mode: modeForLine("quick"), staff: [] },
    });
  }

  function addCountCard(card: CardSummary, service: string, sessions: number) {
    dispatch({
      type: "addLine",
      line: {
        key: lineKey(),
        kind: "count_card",
        name: `${service} (${card.card_type.name})`,
        card: card.id,
        cardNumber: card.number,
        service,
        sessions,
        mode: modeForLine("count_card"),
        staff: [],
      },
    });
  }

  function addTimed(session: TimedSession) {
    if (cart.lines.some((l) => l.kind === "timed" && l.session === session.id)) return;
    const name = [session.product_name ?? boot?.products.find((p) => p.id === session.product)?.name, session.label].filter(Boolean).join(" · ");
    dispatch({
      type: "addLine",
      line: {
        key: lineKey(),
        kind: "timed",
        name: name || t("cashier.line.timedShort"),
        session: session.id,
        productId: session.product,
        amount: session.amount,
        minutes: session.billed_minutes ?? session.minutes,
        mode: modeForLine("timed"),
        staff: [],
      },
    });
  }

  // ---- Paying ----
  const svCards = activeCards(details.detail, "stored_value");
  const offlineRefusal = (payments: PaymentInput[]): string | null => {
    if (payments.some((p) => !OFFLINE_METHODS.includes(p.method))) return t("cashier.pay.offlineRefused");
    if (cart.couponCode.trim()) return t("cashier.pay.couponOffline");
    if (cart.lines.some((l) => l.kind === "count_card" || l.kind === "timed")) return t("cashier.pay.offlineLines");
    return null;
  };

  function openPay() {
    if (!quoteFresh || !orderBody) return;
    setPayError(null);
    setLostAnswer(false);
    if (!checkoutKey.current) checkoutKey.current = newIdempotencyKey();
    setPayOpen(true);
  }

  function finishSale(data: ReceiptData) {
    checkoutKey.current = null;
    setLostAnswer(false);
    setPayOpen(false);
    dispatch({ type: "clear" });
    setReceipt(data);
    setMemberReload((n) => n + 1);
  }

  function changeOf(payments: PaymentInput[], total: string): string {
    const paid = payments.reduce((acc, p) => acc + dec(p.amount ?? "0"), ZERO);
    const cash = payments.filter((p) => p.method === "cash").reduce((acc, p) => acc + dec(p.amount ?? "0"), ZERO);
    return fmt(cash > ZERO ? max(ZERO, paid - dec(total)) : ZERO);
  }

  async function queueSale(body: CheckoutBody, via: "sync" | "checkout", payments: PaymentInput[]) {
    const quote = quoteState.quote!;
    await enqueueOrder({ client_id: body.client_id, body, via, total: quote.total, member_name: cart.member?.name ?? null });
    finishSale({
      kind: "queued",
      clientId: body.client_id,
      quote,
      payments,
      change: changeOf(payments, quote.total),
      member: cart.member,
      createdAt: body.offline_created_at ?? new Date().toISOString(),
    });
  }

  async function onPay(payments: PaymentInput[]) {
    if (!orderBody) return;
    const clientId = checkoutKey.current ?? (checkoutKey.current = newIdempotencyKey());
    const body: CheckoutBody = { ...orderBody, client_id: clientId, payments };
    if (cart.note.trim()) body.note = cart.note.trim();
    setPayError(null);

    if (!online) {
      const refused = offlineRefusal(payments);
      if (refused) {
        setPayError(refused);
        return;
      }
      setSubmitting(true);
      try {
        // A sale whose online checkout lost its answer keeps its exact body (see syncQueue.ts).
        if (lostAnswer) await queueSale(body, "checkout", payments);
        else await queueSale({ ...body, offline_created_at: new Date().toISOString() }, "sync", payments);
      } catch {
        setPayError(t("cashier.pay.queueFailed"));
      } finally {
        setSubmitting(false);
      }
      return;
    }

    setSubmitting(true);
    try {
      const order = await checkoutOrder(body);
      noteResult();
      finishSale({ kind: "order", order });
    } catch (err) {
      noteResult(err);
      const e = toApiError(err);
      if (isNetworkError(err) || e.status >= 500) {
        // The order may or may not have been written: the same client_id must be used again.
        setLostAnswer(true);
        setPayError(t("cashier.pay.connectionLost"));
      } else {
        const extra = Object.values(e.fields).flat().filter((m) => m !== e.message);
        setPayError([e.message, ...extra].join(" "));
        // A definite refusal: the next attempt (e.g. with other payments) is a new order.
        if (e.code !== "idempotency_conflict" && e.status !== 429) checkoutKey.current = newIdempotencyKey();
      }
    } finally {
      setSubmitting(false);
    }
  }

  /** After a lost answer: keep the sale and let the queue replay the same checkout later. */
  async function saveLostForLater(payments: PaymentInput[]) {
    if (!orderBody || !checkoutKey.current) return;
    const body: CheckoutBody = { ...orderBody, client_id: checkoutKey.current, payments };
    if (cart.note.trim()) body.note = cart.note.trim();
    try {
      await queueSale(body, "checkout", payments);
    } catch {
      setPayError(t("cashier.pay.queueFailed"));
    }
  }

  // ---- Rendering ----
  if (bootLoading && !boot) return <Spin size="large" style={{ display: "block", margin: "80px auto" }} />;
  if (!boot) {
    return (
      <Result
        status="warning"
        title={t("cashier.boot.failed")}
        subTitle={bootError ?? undefined}
        extra={
          <Button type="primary" onClick={() => void loadBoot(storeId)}>
            {t("common.retry")}
          </Button>
        }
      />
    );
  }
  if (!boot.store) return <Result status="info" title={t("cashier.boot.noStore")} subTitle={t("cashier.boot.noStoreHelp")} />;

  const decimals = currencyDecimals(boot);
  // The server sends only the stores this user works in; a bootstrap cached on a shared device
  // may be another user's, so the session's list limits the choice too.
  const storeChoices = allowedStores(boot.stores, session, boot.store.id);
  const modeTitle = (m: CashierMode) => {
    const plugin = pluginOf(m);
    return [m.description, plugin ? t("cashier.mode.providedBy", { plugin }) : ""].filter(Boolean).join(" · ");
  };
  const modeOffline = mode ? modeWorksOffline(mode) : true;
  const staffLineObj = cart.lines.find((l) => l.key === staffLine) ?? null;
  const services = boot.products.filter((p) => isServiceLike(p, serviceKinds));

  const modePanel = (() => {
    if (!mode) return null;
    if (!online && !modeOffline) return <Alert type="warning" showIcon message={t("cashier.mode.needsOnline")} data-testid="cashier-mode-offline" />;
    switch (builtin) {
      case "sale":
        return <ProductGrid products={boot.products} compact={!screens.lg} onPick={(p) => addProduct(p)} />;
      case "quick":
        return <QuickPanel onAdd={addQuick} />;
      case "count_card":
        return <CountCardPanel memberAttached={!!cart.member} details={details} online={online} onAdd={addCountCard} />;
      case "timed":
        return (
          <TimedPanel
            storeId={boot.store!.id}
            services={services}
            member={cart.member}
            details={details}
            online={online}
            inCart={cart.lines.flatMap((l) => (l.kind === "timed" ? [l.session] : []))}
            onAdd={addTimed}
          />
        );
      default:
        return (
          <div data-testid="cashier-plugin-mode">
            <Result
              status="info"
              title={mode.label || mode.key}
              subTitle={
                pluginOf(mode) ? t("cashier.mode.pluginPlaceholder", { plugin: pluginOf(mode)! }) : t("cashier.mode.pluginPlaceholderUnknown")
              }
              extra={mode.description ? <Typography.Text type="secondary">{mode.description}</Typography.Text> : null}
            />
          </div>
        );
    }
  })();

  const memberPanel = (
    <MemberPanel
      member={cart.member}
      details={details}
      tiers={boot.tiers}
      online={online}
      onAttach={attachMember}
      onDetach={() => dispatch({ type: "setMember", member: null })}
    />
  );

  const cartPanel = (
    <CartPanel
      cart={cart}
      dispatch={dispatch}
      quote={shownQuote}
      quoting={quoteState.loading || quoteState.sig !== sig}
      quoteError={quoteState.sig === sig ? quoteState.error : null}
      estimate={quoteState.estimate && !!shownQuote}
      staff={boot.staff}
      canDiscount={boot.can_discount}
      online={online}
      payDisabled={!quoteFresh || !cart.lines.length}
      onPay={() => {
        setCartOpen(false);
        openPay();
      }}
      onStaff={setStaffLine}
      onDiscount={() => setDiscountOpen(true)}
    />
  );

  const header = (
    <Flex
      gap={8}
      wrap="wrap"
      align="center"
      justify="space-between"
      // The shell's menu toggle floats at the top left of the content: keep clear of it.
      style={{ marginBottom: 12, paddingInlineStart: 40 }}
    >
      <Space wrap size={8} style={{ maxWidth: "100%", minWidth: 0 }}>
        {storeChoices.length > 1 ? (
          <Select
            data-testid="cashier-store"
            value={boot.store.id}
            onChange={(id: number) => {
              setStoreId(id);
              writeLocal(STORE_KEY, String(id));
              dispatch({ type: "clear" });
              void loadBoot(id);
            }}
            options={storeChoices.map((s) => ({ value: s.id, label: s.name }))}
            style={{ minWidth: 140 }}
            disabled={!online}
            aria-label={t("cashier.store")}
          />
        ) : (
          <Tag style={{ fontSize: 14, padding: "4px 10px" }}>{boot.store.name}</Tag>
        )}
        {modes.length > 1 ? (
          <div style={{ maxWidth: "100%", overflowX: "auto" }}>
            <Segmented
              data-testid="cashier-modes"
              value={mode?.key}
              onChange={(key) => setModeKey(String(key))}
              options={modes.map((m) => ({
                value: m.key,
                label: (
                  <span data-testid={`cashier-mode-${m.key}`} title={modeTitle(m) || undefined}>
                    {m.label || t("cashier.mode.sale")}
                    {!online && !modeWorksOffline(m) ? <DisconnectOutlined style={{ marginInlineStart: 4 }} /> : null}
                  </span>
                ),
              }))}
            />
          </div>
        ) : null}
      </Space>
      <Space size={8}>
        {online ? (
          <Tag icon={<WifiOutlined />} color="success" data-testid="cashier-online">
            {t("cashier.online")}
          </Tag>
        ) : (
          <Tag icon={<DisconnectOutlined />} color="error" data-testid="cashier-offline-tag">
            {t("cashier.offline")}
          </Tag>
        )}
        <QueueBadge onClick={() => setQueueOpen(true)} />
      </Space>
    </Flex>
  );

  const scanBox = (
    <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
      <Input
        ref={scanRef}
        size="large"
        data-testid="cashier-scan"
        prefix={<BarcodeOutlined />}
        placeholder={t("cashier.scan.placeholder")}
        value={scan}
        onChange={(e) => setScan(e.target.value)}
        onPressEnter={() => void onScan(scan)}
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="done"
        aria-label={t("cashier.scan.label")}
      />
      <Tooltip title={t("cashier.scan.keepFocus")}>
        <Switch
          size="small"
          checked={keepFocus}
          onChange={(v) => {
            setKeepFocus(v);
            writeLocal(FOCUS_KEY, v ? "1" : "0");
          }}
          aria-label={t("cashier.scan.keepFocus")}
          data-testid="cashier-scan-focus"
        />
      </Tooltip>
    </Flex>
  );

  return (
    <div data-testid="cashier-page">
      {!online ? (
        <Alert
          type="error"
          showIcon
          icon={<DisconnectOutlined />}
          data-testid="cashier-offline-banner"
          style={{ marginBottom: 12 }}
          message={t("cashier.offlineBanner.title")}
          description={t("cashier.offlineBanner.text")}
          action={
            <Button size="small" onClick={() => void probe()}>
              {t("cashier.offlineBanner.check")}
            </Button>
          }
        />
      ) : null}
      {bootCached ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="cashier-cached-catalog"
          message={t("cashier.boot.cached", { time: formatDateTime(boot.generated_at, lang, timeZone) ?? "" })}
        />
      ) : null}
      {header}
      {wide ? (
        <Row gutter={16} align="top">
          <Col md={13} lg={14} xl={15}>
            {scanBox}
            <Card size="small" styles={{ body: { padding: 12 } }}>
              {modePanel ?? <Empty />}
            </Card>
          </Col>
          <Col md={11} lg={10} xl={9}>
            <Flex vertical gap={12} className="hy-cashier-side">
              {memberPanel}
              {cartPanel}
            </Flex>
          </Col>
        </Row>
      ) : (
        <>
          {scanBox}
          <div style={{ marginBottom: 12 }}>{memberPanel}</div>
          <Card size="small" styles={{ body: { padding: 12 } }}>
            {modePanel ?? <Empty />}
          </Card>
          <div className="hy-cashier-bottom-bar">
            <Flex justify="space-between" align="center" gap={8}>
              <div>
                <Typography.Text type="secondary">{t("cashier.totals.total")}</Typography.Text>
                <div className="hy-cashier-total" style={{ fontSize: 22 }} data-testid="cashier-total-bar">
                  {shownQuote ? money(shownQuote.total) : money("0")}
                </div>
              </div>
              <Button
                type="primary"
                size="large"
                icon={<ShoppingCartOutlined />}
                data-testid="cashier-cart-open"
                onClick={() => setCartOpen(true)}
              >
                {t("cashier.cart.open", { count: cart.lines.length })}
              </Button>
            </Flex>
          </div>
          <Drawer
            open={cartOpen}
            onClose={() => setCartOpen(false)}
            placement="bottom"
            height="90%"
            title={t("cashier.cart.title")}
            styles={{ body: { padding: 12 } }}
          >
            {cartPanel}
          </Drawer>
        </>
      )}

      <PaymentModal
        open={payOpen}
        total={quoteState.quote?.total ?? "0"}
        estimate={quoteState.estimate}
        currencyDecimals={decimals}
        cashRounding={boot.cash_rounding}
        online={online}
        hasCoupon={!!cart.couponCode.trim()}
        memberAttached={!!cart.member}
        storedValueCards={svCards}
        points={details.points}
        pointsConfig={boot.points}
        submitting={submitting}
        error={payError}
        lostAnswer={lostAnswer}
        onSaveForLater={(payments) => void saveLostForLater(payments)}
        canSaveForLater={(payments) => offlineRefusal(payments) === null}
        // After a lost answer the key is kept (the order may exist), so paying the same cart again
        // cannot sell it twice; emptying the cart starts a new sale with a new key.
        onCancel={() => setPayOpen(false)}
        onSubmit={(payments) => void onPay(payments)}
      />
      <StaffModal
        open={staffLineObj !== null}
        staff={boot.staff}
        initial={staffLineObj?.staff ?? []}
        lineName={staffLineObj?.name ?? ""}
        onCancel={() => setStaffLine(null)}
        onSave={(shares, allLines) => {
          if (allLines) for (const l of cart.lines) dispatch({ type: "setStaff", key: l.key, staff: shares });
          else if (staffLine) dispatch({ type: "setStaff", key: staffLine, staff: shares });
          setStaffLine(null);
        }}
      />
      <DiscountModal
        open={discountOpen}
        initial={cart.manualDiscount}
        onCancel={() => setDiscountOpen(false)}
        onSave={(discount) => {
          dispatch({ type: "setManualDiscount", discount });
          setDiscountOpen(false);
        }}
      />
      <ReceiptModal data={receipt} onClose={() => setReceipt(null)} />
      <QueueDrawer open={queueOpen} onClose={() => setQueueOpen(false)} />
    </div>
  );
}

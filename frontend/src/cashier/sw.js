/*
 * Huiyuan service worker: lets the till open the app again (a reload, a restarted tablet) while
 * the shop has no connection. Built into dist/sw.js by vite.config.ts, which puts the build's
 * asset list in place of __HY_MANIFEST__; Django serves it at /sw.js (core.views.service_worker).
 * Registered by the cashier screen (serviceWorker.ts).
 *
 * - Navigations of the shop's app: network first (always fresh when online); when the network
 *   fails, the saved app shell (the HTML of /app/cashier), and the app routes itself.
 * - Hashed build assets under /static/app/assets/: cache first (their names change with content);
 *   the whole build is saved when the worker installs, so the first offline reload has them all.
 * - Everything else, the API above all, goes to the network untouched: nothing from /api/ is ever
 *   cached here (the cashier keeps its catalog, member index and queued sales in IndexedDB).
 */

const MANIFEST = __HY_MANIFEST__;

const PREFIX = "huiyuan-app-";
const CACHE = PREFIX + MANIFEST.version;
const SHELL = "/app/cashier";
const ASSETS = "/static/app/assets/";
// Paths of the host that are not the single-page app (urls_tenant.py).
const NOT_APP = ["/api/", "/static/", "/media/", "/auth/", "/healthz", "/sw.js"];
// A navigation that has had no answer after this long gets the saved shell (the request goes on
// and still refreshes the saved copy).
const NAVIGATION_TIMEOUT_MS = 8000;

function fresh(url) {
  return new Request(url, { cache: "reload", credentials: "same-origin" });
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([SHELL, ...MANIFEST.assets].map(fresh));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

function isAppPage(url) {
  return !NOT_APP.some((prefix) => url.pathname === prefix.replace(/\/$/, "") || url.pathname.startsWith(prefix));
}

function isShell(response) {
  return (
    response.ok &&
    response.type === "basic" &&
    !response.redirected &&
    (response.headers.get("Content-Type") || "").startsWith("text/html")
  );
}

/** Keeps the saved shell as fresh as the last visit: every page of the app is the same shell. */
async function saveShell(network) {
  const response = await network;
  if (!isShell(response)) return;
  const copy = response.clone(); // before the page reads the body
  const cache = await caches.open(CACHE);
  await cache.put(SHELL, copy);
}

async function savedShell() {
  const cache = await caches.open(CACHE);
  return cache.match(SHELL);
}

async function navigation(network) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, NAVIGATION_TIMEOUT_MS);
  });
  try {
    const first = await Promise.race([network, late]);
    if (first) return first;
    return (await savedShell()) || (await network);
  } catch (error) {
    const saved = await savedShell();
    if (saved) return saved;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(request, { ignoreVary: true });
  if (saved) return saved;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") cache.put(request, response.clone()).catch(() => undefined);
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (!isAppPage(url)) return;
    const network = fetch(request);
    event.waitUntil(saveShell(network).catch(() => undefined));
    event.respondWith(navigation(network));
    return;
  }
  if (url.pathname.startsWith(ASSETS)) event.respondWith(asset(request));
});

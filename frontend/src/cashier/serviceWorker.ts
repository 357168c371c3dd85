// Registers the service worker that lets the till reload while offline (source: ./sw.js, built into
// dist/sw.js by vite.config.ts and served by Django at /sw.js with scope "/").
//
// Registered from the cashier screen only: the devices that sell are the ones that need to open
// the app without a connection, and back-office computers keep no copy of the app. Once
// registered, the worker answers navigations of the whole shop host network-first (so pages
// are always fresh when online) and serves the saved app shell only when the network fails.

let registered = false;

export function registerOfflineWorker(): void {
  if (registered || import.meta.env.DEV) return;
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  registered = true;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    registered = false; // e.g. the server was unreachable: try again next time the till opens
  });
}

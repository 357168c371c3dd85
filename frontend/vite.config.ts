import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

const BASE = "/static/app/";
const WORKER_SOURCE = new URL("./src/cashier/sw.js", import.meta.url);
const PLACEHOLDER = "const MANIFEST = __HY_MANIFEST__;";

/**
 * Emits dist/sw.js, the till's offline service worker (Django serves it at /sw.js), from
 * src/cashier/sw.js with this build's asset list and version in place of __HY_MANIFEST__: the
 * worker saves the whole build when it installs, and a new build is a new worker.
 */
function serviceWorker(): Plugin {
  return {
    name: "huiyuan-service-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const assets = Object.keys(bundle)
        .filter((name) => name.startsWith("assets/"))
        .sort()
        .map((name) => BASE + name);
      const version = createHash("sha256").update(assets.join("\n")).digest("hex").slice(0, 16);
      const source = readFileSync(WORKER_SOURCE, "utf8");
      if (!source.includes(PLACEHOLDER)) this.error(`src/cashier/sw.js has no "${PLACEHOLDER}" line`);
      this.emitFile({
        type: "asset",
        fileName: "sw.js",
        source: source.replace(PLACEHOLDER, `const MANIFEST = ${JSON.stringify({ version, assets })};`),
      });
    },
  };
}

// Django serves dist/index.html for every non-API path and the assets under /static/app/.
export default defineConfig({
  base: BASE,
  plugins: [react(), serviceWorker()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (!id.includes("node_modules")) return undefined;
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@remix-run)[\\/]/.test(id)) {
            return "react";
          }
          return "antd";
        },
      },
    },
  },
  server: {
    // In `vite dev`, forward API calls to a locally running Django (public host).
    proxy: {
      "/api": { target: "http://localhost:8000", changeOrigin: true },
    },
  },
});

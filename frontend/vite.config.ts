import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Django serves dist/index.html for every non-API path and the assets under /static/app/.
export default defineConfig({
  base: "/static/app/",
  plugins: [react()],
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

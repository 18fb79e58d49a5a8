import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// Served by the gateway under /console/ with a CSP that allows no inline script:
// Vite emits only external module scripts and stylesheets.
export default defineConfig({
  base: "/console/",
  plugins: [vue()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});

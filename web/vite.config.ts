// The web app's build: Preact through esbuild's JSX transform (no plugin), into build/web.
// `npm install` runs it (the prepare step), so `dojo serve` builds nothing at run time.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  logLevel: "warn",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: fileURLToPath(new URL("../build/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // No inline script may run under the Content-Security-Policy: keep the module preload polyfill out.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // zod's sources carry /*@__PURE__*/ comments where Rollup cannot use them; harmless.
      onwarn(warning, warn) {
        if (warning.code !== "INVALID_ANNOTATION") warn(warning);
      },
    },
  },
});

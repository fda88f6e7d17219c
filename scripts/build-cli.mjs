// Bundles the CLI (src/cli/main.ts and everything it imports from src/) into build/cli/dojo.mjs,
// so that `dojo` starts without compiling TypeScript module by module (about four times less
// start-up work). Packages stay external. bin/dojo.js uses the bundle only while no file under
// src/ is newer than it; after an edit it runs the sources through tsx, so it never runs stale code.
// Runs on `npm install` (the "prepare" script) and `npm run build`.
import { fileURLToPath } from "node:url";

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  process.stderr.write("build-cli: esbuild is not installed; dojo will run its TypeScript sources through tsx\n");
  process.exit(0);
}

await esbuild.build({
  entryPoints: [fileURLToPath(new URL("../src/cli/main.ts", import.meta.url))],
  outfile: fileURLToPath(new URL("../build/cli/dojo.mjs", import.meta.url)),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
});

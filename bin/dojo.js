#!/usr/bin/env node
// Entry point for the `dojo` command. It runs the CLI's bundle (build/cli/dojo.mjs, made by
// `npm install`) while no source file is newer than it, and otherwise the TypeScript sources
// through tsx's loader, so that a fresh clone needs no build step and an edit takes effect at once.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const BUNDLE = fileURLToPath(new URL("../build/cli/dojo.mjs", import.meta.url));
const SOURCES = fileURLToPath(new URL("../src/", import.meta.url));

/** The newest modification time of any file under `dir`, in ms. */
function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(BUNDLE).mtimeMs >= newestIn(SOURCES);
  } catch {
    return false;
  }
}

// `dojo cards list | head` closes our stdout early: that is not an error.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});
let main;
if (bundleIsFresh()) {
  // A bug's stack trace then names the source files, not the bundle.
  process.setSourceMapsEnabled(true);
  ({ main } = await import("../build/cli/dojo.mjs"));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));

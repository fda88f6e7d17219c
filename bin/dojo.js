#!/usr/bin/env node
// Entry point for the `dojo` command: runs the TypeScript sources through tsx's loader,
// so that a fresh clone needs no build step.
import { register } from "tsx/esm/api";

register();
// `dojo cards list | head` closes our stdout early: that is not an error.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));

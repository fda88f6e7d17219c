#!/usr/bin/env node
// Entry point for `npm run bench -- [suite...]`: runs the benchmark suites in bench/.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../bench/main.ts");
process.exitCode = await main(process.argv.slice(2));

/**
 * One folder per test run where the incident runs the tests share are generated, at most
 * once each (test/incidents/fixture.ts); removed at the end of the run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import type {} from "./fixture.js"; // the type of the value provided

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "lmdojo-incident-cache-"));
  project.provide("incidentCache", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

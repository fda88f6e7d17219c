/**
 * The incident runs the tests share. Generating one takes about 10 s of CPU, so the whole
 * suite generates at most two: the cached eval-tokenizer run here (once per test run, in
 * the folder global-setup.ts provides, whichever test file asks first; the others wait for
 * its lock), and a second eval-tokenizer run in the determinism test. Tests copy the cached
 * run into their own workspace.
 */
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { InputError } from "../../src/errors.js";
import type { IncidentId } from "../../src/lab/incidents/catalogue.js";
import { ensureIncidentRun, incidentFolder, incidentsFolder } from "../../src/lab/incidents/generate.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The folder of the incident runs the tests share (global-setup.ts). */
    incidentCache: string;
  }
}

/** The one incident the suite generates for sharing: cheap (no fp16 emulation) and distinctive. */
export const SHARED_INCIDENT = "eval-tokenizer" satisfies IncidentId;

/** The shared workspace holding the generated run of SHARED_INCIDENT, generated on first use. */
export async function sharedIncidentHome(): Promise<string> {
  const home = inject("incidentCache");
  for (;;) {
    try {
      await ensureIncidentRun(home, SHARED_INCIDENT);
      return home;
    } catch (err) {
      // Another test file generates it: wait for its lock to go.
      if (!(err instanceof InputError && /locked by/.test(err.message))) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Copies the shared run into the workspace `home`, as if it had been generated there. */
export async function withSharedIncident(home: string): Promise<string> {
  const source = incidentFolder(await sharedIncidentHome(), SHARED_INCIDENT);
  mkdirSync(incidentsFolder(home), { recursive: true });
  cpSync(source, incidentFolder(home, SHARED_INCIDENT), { recursive: true });
  return home;
}

/** The shared run's folder (read-only for tests). */
export async function sharedIncidentFolder(): Promise<string> {
  return join(incidentsFolder(await sharedIncidentHome()), SHARED_INCIDENT);
}

// An incident's run: generated once into a normal run folder, deterministic (the same id
// gives the same events, timings aside), replayed after; a generation under way is reported
// from its lock and partial folder; a cached run of another recipe is generated again.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureIncidentRun, incidentFolder, incidentRunState, incidentsFolder, readIncidentRun } from "../../src/lab/incidents/generate.js";
import { readEvents } from "../../src/lab/run-folder.js";
import { summarizeRun } from "../../src/lab/runs.js";
import type { RunEvent, TrainEvent } from "../../src/train/events.js";
import { acquireLock } from "../../src/workspace/lock.js";
import { SHARED_INCIDENT, sharedIncidentFolder } from "./fixture.js";

const newHome = () => mkdtempSync(join(tmpdir(), "lmdojo-incident-gen-"));

/** An event without what depends on the machine and the moment: wall time, speed, memory. */
const withoutTimings = ({ t: _t, ...event }: RunEvent): unknown => (event.kind === "train" ? withoutSpeed(event) : event);
const withoutSpeed = ({ tokensPerSecond: _speed, elapsedMs: _elapsed, rssBytes: _rss, ...train }: Omit<TrainEvent, "t">) => train;

describe("an incident's run", () => {
  it("is the same run for the same id, generated in a partial folder and replayed after", { timeout: 180_000 }, async () => {
    const shared = await sharedIncidentFolder();
    const home = newHome();
    // A generation killed before it finished left its partial folder behind.
    const partial = join(incidentsFolder(home), `${SHARED_INCIDENT}.partial`);
    mkdirSync(partial, { recursive: true });
    writeFileSync(join(partial, "events.jsonl"), '{"torn');
    expect(incidentRunState(home, SHARED_INCIDENT)).toEqual({ state: "missing" });

    const steps: number[] = [];
    const dir = await ensureIncidentRun(home, SHARED_INCIDENT, { onProgress: (p) => steps.push(p.step) });
    expect(dir).toBe(incidentFolder(home, SHARED_INCIDENT));
    expect(steps.at(-1)).toBe(300);
    expect(existsSync(partial)).toBe(false);
    expect(incidentRunState(home, SHARED_INCIDENT)).toEqual({ state: "ready" });

    const events = readEvents(dir);
    expect(events.map(withoutTimings)).toEqual(readEvents(shared).map(withoutTimings));
    expect(readFileSync(join(dir, "checkpoints", "step-300.safetensors"))).toEqual(readFileSync(join(shared, "checkpoints", "step-300.safetensors")));
    const { meta } = readIncidentRun(home, SHARED_INCIDENT);
    expect({ ...meta, generatedMs: 0 }).toEqual({ ...readIncidentRun(join(shared, "..", ".."), SHARED_INCIDENT).meta, generatedMs: 0 });
    expect(meta.layerSizes).toEqual({ wte: 59 * 64, wpe: 64 * 64, "h.0": 49280, "h.1": 49280, ln_f: 64 });

    // A normal run folder: the lab's readers take it as a completed run of 300 steps.
    expect(summarizeRun(dir)).toMatchObject({ status: "completed", stepsDone: 300, stepsTotal: 300 });

    // Cached: asking again trains nothing.
    let calls = 0;
    await ensureIncidentRun(home, SHARED_INCIDENT, { onProgress: () => calls++ });
    expect(calls).toBe(0);
  });

  it("reports a generation another process holds, with the last step it logged", () => {
    const home = newHome();
    mkdirSync(join(incidentsFolder(home), "healthy.partial"), { recursive: true });
    const lines = [
      { t: 0, step: 0, kind: "start", steps: 300, parameters: 1, unigramEntropy: 1, trainTokens: 1, validationTokens: 1 },
      { t: 1, step: 42, kind: "train", loss: 3, lr: 1e-3, gradNorm: 1, tokens: 1, tokensPerSecond: 1, elapsedMs: 1, rssBytes: 1 },
    ];
    writeFileSync(join(incidentsFolder(home), "healthy.partial", "events.jsonl"), lines.map((l) => JSON.stringify(l) + "\n").join("") + '{"t":2,"st');
    const release = acquireLock(join(incidentsFolder(home), "healthy.lock"), "incident healthy");
    try {
      expect(incidentRunState(home, "healthy")).toEqual({ state: "generating", step: 42, steps: 300 });
      return expect(ensureIncidentRun(home, "healthy")).rejects.toThrow(/^incident healthy: locked by process \d+/);
    } finally {
      release();
    }
  });

  it("takes a cached run of another recipe for missing", async () => {
    const home = newHome();
    const dir = incidentFolder(home, SHARED_INCIDENT);
    cpSync(await sharedIncidentFolder(), dir, { recursive: true });
    expect(incidentRunState(home, SHARED_INCIDENT)).toEqual({ state: "ready" });
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as { steps: number };
    writeFileSync(join(dir, "config.json"), JSON.stringify({ ...config, steps: 400 }));
    expect(incidentRunState(home, SHARED_INCIDENT)).toEqual({ state: "missing" });
    expect(() => readIncidentRun(home, SHARED_INCIDENT)).toThrow(/^incident eval-tokenizer has no run in .* yet$/);
  });
});

import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { followRun, runUpdate, type RunUpdate } from "../src/lab/run-stream.js";
import type { RunEvent } from "../src/train/events.js";
import { fixtureEvents, SPIKE_MESSAGE, writeFixtureRun } from "./web/lab-fixture.js";

const line = (event: RunEvent) => JSON.stringify(event) + "\n";

async function collect(batches: AsyncGenerator<RunUpdate[]>): Promise<RunUpdate[][]> {
  const all: RunUpdate[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

describe("runUpdate", () => {
  it("keeps what the run page draws and drops checkpoints", () => {
    const [start, ...rest] = fixtureEvents(10);
    if (start.kind !== "start") throw new Error("the fixture begins with its start");
    expect(runUpdate(start)).toEqual({ kind: "start", step: 0, steps: 20, resumedFrom: null });
    expect(runUpdate({ ...start, resumedFrom: 200 })).toEqual({ kind: "start", step: 0, steps: 20, resumedFrom: 200 });
    const byKind = (kind: RunEvent["kind"]) => rest.find((e) => e.kind === kind)!;
    expect(runUpdate(byKind("train"))).toEqual({ kind: "train", step: 1, loss: 3.9, lr: 0.001, gradNorm: 0.5 });
    expect(runUpdate(byKind("layers"))).toEqual({ kind: "layers", step: 10, updateRatios: { "h.0": 0.01, "h.1": 0.002 }, attentionLogits: {}, logits: null }); // an event logged before the signals existed
    const signals = { t: 0, step: 20, kind: "layers" as const, layers: [{ layer: "wte", gradNorm: 1, updateRatio: 0.002 }, { layer: "h.0", gradNorm: 1, updateRatio: 0.01, maxAttentionLogit: 7.5 }], logits: { mean: -1, max: 5, logZ: 4.2 } };
    expect(runUpdate(signals)).toEqual({ kind: "layers", step: 20, updateRatios: { wte: 0.002, "h.0": 0.01 }, attentionLogits: { "h.0": 7.5 }, logits: { mean: -1, max: 5, logZ: 4.2 } });
    expect(runUpdate(byKind("eval"))).toEqual({ kind: "eval", step: 10, trainLoss: 2.5, valLoss: 2.6, domainLoss: { stories: 2.5, arithmetic: 2.7 }, samples: ["sample at step 10"] });
    expect(runUpdate(byKind("end"))).toEqual({ kind: "end", step: 10, status: "completed", message: "completed 10 steps" });
    expect(runUpdate(byKind("checkpoint"))).toBeNull();
  });
});

describe("followRun", () => {
  it("yields a finished run's whole log once and ends", async () => {
    const dir = writeFixtureRun(mkdtempSync(join(tmpdir(), "lmdojo-follow-")), "done");
    let waits = 0;
    const batches = await collect(followRun(dir, { isRunning: () => false, wait: async () => void waits++ }));
    expect(batches).toHaveLength(1);
    const kinds = batches[0].map((u) => u.kind);
    // 1 start, 20 train, 2 layers, 2 eval, 1 alert, 1 end; the 2 checkpoints are left out.
    expect(kinds.filter((k) => k === "train")).toHaveLength(20);
    expect(kinds.filter((k) => k === "layers")).toHaveLength(2);
    expect(kinds.filter((k) => k === "eval")).toHaveLength(2);
    expect(batches[0].filter((u) => u.kind === "alert")).toEqual([{ kind: "alert", step: 15, alert: "loss-spike", message: SPIKE_MESSAGE }]);
    expect(kinds.at(0)).toBe("start");
    expect(kinds.at(-1)).toBe("end");
    expect(batches[0]).toHaveLength(27);
    expect(waits).toBe(0);
  });

  it("follows a live run line by line, holds a half-written line back, and ends after the process is gone", async () => {
    const dir = writeFixtureRun(mkdtempSync(join(tmpdir(), "lmdojo-follow-")), "live", []);
    const events = fixtureEvents(3);
    const path = join(dir, "events.jsonl");
    let running = true;
    // Each wait is one moment of the writer: a whole line, half a line, the other half and the end.
    const writer = [
      () => appendFileSync(path, line(events[0]) + line(events[1])),
      () => appendFileSync(path, line(events[2]).slice(0, 20)),
      () => appendFileSync(path, line(events[2]).slice(20) + line(events[3]).slice(0, 5)),
      () => {
        appendFileSync(path, line(events[3]).slice(5) + line(events.at(-1)!));
        running = false;
      },
    ];
    const batches = await collect(followRun(dir, { isRunning: () => running, wait: async () => writer.shift()!() }));
    expect(batches.map((b) => b.map((u) => `${u.kind}${"step" in u ? u.step : ""}`))).toEqual([["start0", "train1"], ["train2"], ["train3", "end3"]]);
    expect(writer).toHaveLength(0);
  });

  it("reads the lines written before the process exited, even after it is seen gone", async () => {
    const dir = writeFixtureRun(mkdtempSync(join(tmpdir(), "lmdojo-follow-")), "exit", []);
    const path = join(dir, "events.jsonl");
    const events = fixtureEvents(1);
    let calls = 0;
    // Running when asked, then the process writes its last lines and exits before the next question.
    const isRunning = () => ++calls === 1;
    const batches = await collect(followRun(dir, { isRunning, wait: async () => writeFileSync(path, events.map(line).join("")) }));
    expect(batches.flat().map((u) => u.kind)).toEqual(["start", "train", "end"]);
  });

  it("names a line that is not an event and goes on; a torn last line is never yielded", async () => {
    const dir = writeFixtureRun(mkdtempSync(join(tmpdir(), "lmdojo-follow-")), "bad", []);
    const [start, train] = fixtureEvents(1);
    writeFileSync(join(dir, "events.jsonl"), line(start) + "not json\n" + '{"kind":"train"}\n' + line(train) + '{"t":1,"step":2,"ki');
    const [batch] = await collect(followRun(dir, { isRunning: () => false, wait: async () => {} }));
    expect(batch).toEqual([
      runUpdate(start),
      { kind: "problem", message: "events.jsonl:2: not valid JSON; skipped" },
      { kind: "problem", message: "events.jsonl:3: not an event of src/train/events.ts; skipped" },
      runUpdate(train),
    ]);
  });

  it("stops when the reader has gone away", async () => {
    const dir = writeFixtureRun(mkdtempSync(join(tmpdir(), "lmdojo-follow-")), "gone");
    let gone = false;
    const batches = await collect(followRun(dir, { isRunning: () => true, wait: async () => void (gone = true), stopped: () => gone }));
    expect(batches).toHaveLength(1);
  });
});

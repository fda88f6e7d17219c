// Drilling an incident on its cached run: the view names no fault, an answer is scored,
// stored and rated in the common FSRS queue (once due: practice before), the reveal's
// evidence is measured on the run; which incident comes next.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadReviewStates } from "../../src/drill/history.js";
import { newReviewState, review, RATINGS } from "../../src/drill/scheduler.js";
import { readIncidentRun } from "../../src/lab/incidents/generate.js";
import { answerIncident, incidentHistory, pickIncident } from "../../src/lab/incidents/practice.js";
import { incidentCardId } from "../../src/lab/incidents/schedule.js";
import { incidentView } from "../../src/lab/incidents/view.js";
import { openStore } from "../../src/store/open.js";
import type { EvalEvent } from "../../src/train/events.js";
import { SHARED_INCIDENT, withSharedIncident } from "./fixture.js";

const T0 = new Date("2026-12-07T09:00:00Z");

async function workspace() {
  const home = await withSharedIncident(mkdtempSync(join(tmpdir(), "lmdojo-incident-practice-")));
  let now = T0;
  const db = openStore(join(home, "dojo.db"));
  return { ctx: { db, home, now: () => now }, setNow: (d: Date) => (now = d) };
}

describe("the view of an incident", () => {
  it("shows the curves, alerts, last events and config diff, and names no fault", { timeout: 120_000 }, async () => {
    const { ctx } = await workspace();
    const view = incidentView(SHARED_INCIDENT, readIncidentRun(ctx.home, SHARED_INCIDENT));
    expect([view.status, view.stepsDone, view.steps]).toEqual(["completed", 300, 300]);
    expect(view.curves.train).toHaveLength(300);
    expect(view.curves.evals.map((e) => e.step)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(view.alerts.map((a) => a.detector)).toContain("train-val-gap");
    expect(view.lastEvents).toHaveLength(15);
    expect(view.lastEvents.at(-1)?.text).toBe("end: completed: completed 300 steps");
    expect(view.configDiff).toEqual([]);
    const text = JSON.stringify(view);
    expect(text).not.toMatch(/eval-tokenizer|tokenizer|"fault"/);
  });
});

describe("answering an incident", () => {
  it("scores, stores and rates the first answer, reveals with evidence measured on the run, and takes a second one early as practice", { timeout: 120_000 }, async () => {
    const { ctx, setNow } = await workspace();
    const startedAt = new Date(T0.getTime() - 90_000);
    const first = answerIncident(ctx, SHARED_INCIDENT, { diagnosis: "repeated-batch", check: "eval-path", action: "fix-eval", rationale: "Validation is far above training. Fix the evaluation." }, { startedAt });
    expect(first.attempt).toMatchObject({ incident: SHARED_INCIDENT, durationMs: 90_000, diagnosisScore: 0.5, actionScore: 1, checkRight: true, score: 0.75, rating: RATINGS.hard, rated: true, mockId: null });
    expect(first.state).toEqual(review(newReviewState(T0), RATINGS.hard, T0));
    expect(loadReviewStates(ctx.db).get(incidentCardId(SHARED_INCIDENT))).toEqual(first.state);

    const { reveal } = first;
    expect([reveal.truth, reveal.title, reveal.faultStep]).toEqual([SHARED_INCIDENT, "Validation text encoded with a different tokenizer", null]);
    expect(reveal.runbook.file).toBe(join("content", "runbook", "eval-tokenizer.md"));
    expect(reveal.nearMisses.map((n) => [n.id, n.chosen])).toEqual([["repeated-batch", true], ["label-leak", false]]);
    expect(reveal.nearMisses[0].note).toMatch(/^there is a train-validation gap too/);
    expect(reveal.otherDiagnosis).toBeNull();
    // The gap sentence carries the run's own numbers.
    const evals = readIncidentRun(ctx.home, SHARED_INCIDENT).events.filter((e): e is EvalEvent => e.kind === "eval");
    const gap = (e: EvalEvent) => (e.valLoss - e.trainLoss).toFixed(2);
    expect(reveal.evidence[0]).toBe(`Validation loss minus the loss on fixed training windows: ${gap(evals[0])} nats at the first evaluation (step 50), ${gap(evals.at(-1)!)} at the last (step 300).`);
    expect(Number(gap(evals.at(-1)!))).toBeGreaterThan(2);

    // A minute later the incident is not due: practice, the schedule unchanged.
    setNow(new Date(T0.getTime() + 60_000));
    const second = answerIncident(ctx, SHARED_INCIDENT, { diagnosis: "lr-x10", check: "applied-lr", action: "rollback-lr", rationale: "" }, { startedAt: T0 });
    expect(second.state).toBeNull();
    expect(second.attempt).toMatchObject({ diagnosisScore: 0, rated: false, rating: RATINGS.again });
    expect(second.reveal.otherDiagnosis?.id).toBe("lr-x10");
    expect(second.reveal.otherDiagnosis?.evidence[0]).toBe("The applied learning rate matched the config's schedule at every step.");
    expect(loadReviewStates(ctx.db).get(incidentCardId(SHARED_INCIDENT))).toEqual(first.state);

    const history = incidentHistory(ctx.db, new Date(T0.getTime() + 60_000));
    expect(history.attempts.map((a) => a.diagnosis)).toEqual(["lr-x10", "repeated-batch"]);
    expect(history.queue).toMatchObject({ total: 18, due: 0, fresh: 17 });
    expect(history.queue.nextDue).toEqual(first.state!.due);
  });
});

describe("the next incident", () => {
  it("is the most overdue one, else a new one, else any: drawn by the seed", () => {
    const now = T0;
    const rated = (id: string, due: Date) => [incidentCardId(id as "healthy"), { ...newReviewState(now), due, state: 2 }] as const;
    const states = new Map([rated("lr-x10", new Date(now.getTime() - 1000)), rated("healthy", new Date(now.getTime() - 5000)), rated("decay-norms", new Date(now.getTime() + 5000))]);
    expect(pickIncident(states, now, 1)).toEqual({ id: "healthy", reason: "due" });
    const none = new Map([rated("decay-norms", new Date(now.getTime() + 5000))]);
    const fresh = pickIncident(none, now, 7);
    expect(fresh.reason).toBe("new");
    expect(fresh.id).not.toBe("decay-norms");
    expect(pickIncident(none, now, 7)).toEqual(fresh);
  });
});

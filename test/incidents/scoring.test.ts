// Scoring an on-call answer by hand cases; the answer lists and the runbook pages agree with
// the catalogue; the config diff never shows the fault; the mock's choice of incident.
import { describe, expect, it } from "vitest";
import { RATINGS } from "../../src/drill/scheduler.js";
import { ACTIONS, CHECKS, DIAGNOSES, parseIncidentAnswer, RIGHT_ANSWERS } from "../../src/lab/incidents/answers.js";
import { FIRST_FAULT_STEP, INCIDENT_IDS, incidentConfig, incidentFaultStep, incidentSeed, LAST_FAULT_STEP, lastGoodConfig, type IncidentId } from "../../src/lab/incidents/catalogue.js";
import { configDiff } from "../../src/lab/incidents/config-diff.js";
import { pickMockIncident } from "../../src/lab/incidents/mock-incident.js";
import { nearMissItems, runbookPage } from "../../src/lab/runbook.js";
import { scoreIncident, type IncidentAnswer } from "../../src/lab/incidents/scoring.js";
import { SIGNATURES } from "../../src/lab/incidents/signatures.js";
import { planMock } from "../../src/drill/mock.js";
import { loadBank } from "../../src/drill/bank.js";

const answer = (diagnosis: IncidentId, action: IncidentAnswer["action"], check: IncidentAnswer["check"] = "applied-lr"): IncidentAnswer => ({ diagnosis, check, action, rationale: "" });

describe("scoring an answer", () => {
  // lr-x10's page lists lr-x100, no-warmup and optimizer-reset as near misses.
  const lrX10 = runbookPage("lr-x10").nearMisses;

  it("gives 1 for the exact diagnosis and a right action: Good", () => {
    expect(scoreIncident("lr-x10", lrX10, answer("lr-x10", "rollback-lr"))).toEqual({ diagnosis: 1, action: 1, checkRight: true, score: 1, rating: RATINGS.good });
  });

  it("gives half credit for a near miss the runbook lists, and rates Hard", () => {
    expect(scoreIncident("lr-x10", lrX10, answer("lr-x100", "rollback-lr"))).toEqual({ diagnosis: 0.5, action: 1, checkRight: true, score: 0.75, rating: RATINGS.hard });
    expect(scoreIncident("lr-x10", lrX10, answer("no-warmup", "restore-warmup", "applied-lr")).score).toBe(0.25);
  });

  it("gives nothing for a diagnosis that is no near miss, even with a right action: Again", () => {
    expect(scoreIncident("lr-x10", lrX10, answer("shard-random", "rollback-lr", "batch-contents"))).toEqual({ diagnosis: 0, action: 1, checkRight: false, score: 0.5, rating: RATINGS.again });
  });

  it("rates the exact diagnosis with a wrong action Hard, and does not score the first check", () => {
    expect(scoreIncident("lr-x10", lrX10, answer("lr-x10", "lower-lr", "noise-band"))).toEqual({ diagnosis: 1, action: 0, checkRight: false, score: 0.5, rating: RATINGS.hard });
  });

  it("never gives partial credit across healthy: a missed fault and a false alarm score 0", () => {
    const healthyNear = runbookPage("healthy").nearMisses;
    expect(healthyNear).toContain("optimizer-reset");
    expect(scoreIncident("healthy", healthyNear, answer("optimizer-reset", "continue")).diagnosis).toBe(0);
    expect(scoreIncident("optimizer-reset", runbookPage("optimizer-reset").nearMisses, answer("healthy", "continue")).diagnosis).toBe(0);
    expect(scoreIncident("healthy", healthyNear, answer("healthy", "continue", "noise-band"))).toEqual({ diagnosis: 1, action: 1, checkRight: true, score: 1, rating: RATINGS.good });
  });

  it("checks an answer from a request against the lists, one line per bad field", () => {
    expect(parseIncidentAnswer({ diagnosis: "healthy", check: "noise-band", action: "continue", rationale: "  Fine.  " }).rationale).toBe("Fine.");
    expect(() => parseIncidentAnswer({ diagnosis: "lr-x1000", check: "noise-band", action: "continue", rationale: "" })).toThrow(/^diagnosis: "lr-x1000" is not one of the answers$/);
    expect(() => parseIncidentAnswer({ diagnosis: "healthy", check: "noise-band", action: "panic", rationale: "" })).toThrow(/^action: "panic"/);
  });
});

describe("the catalogue, the answer lists and the runbook pages", () => {
  it("has an incident per fault and one healthy, with a seed and a fault step of their own", () => {
    expect(INCIDENT_IDS).toHaveLength(18); // 17 faults and healthy
    expect(new Set(INCIDENT_IDS.map(incidentSeed)).size).toBe(18);
    for (const id of INCIDENT_IDS) {
      expect(incidentFaultStep(id)).toBeGreaterThanOrEqual(FIRST_FAULT_STEP);
      expect(incidentFaultStep(id)).toBeLessThanOrEqual(LAST_FAULT_STEP);
    }
    expect(incidentConfig("healthy", "ts").fault).toBeNull();
    expect(incidentConfig("healthy", "ts").seed).not.toBe(incidentConfig("lr-x10", "ts").seed);
    expect(incidentConfig("lr-x10", "ts").fault).toEqual({ name: "lr-x10", at: incidentFaultStep("lr-x10"), window: 50 });
    expect(incidentConfig("lr-x10", "ts")).toMatchObject({ steps: 300, threads: 1, backend: "ts", eval: { every: 50, arithmeticPrompts: 0, samples: 0 } });
  });

  it("gives every incident a right check and right actions from the fixed lists, and a diagnosis option", () => {
    expect(CHECKS.length).toBeGreaterThanOrEqual(8);
    expect(ACTIONS.length).toBeGreaterThanOrEqual(8);
    expect(DIAGNOSES.map((d) => d.value)).toEqual([...INCIDENT_IDS]);
    for (const id of INCIDENT_IDS) {
      expect(CHECKS.map((c) => c.value)).toContain(RIGHT_ANSWERS[id].check);
      for (const a of RIGHT_ANSWERS[id].actions) expect(ACTIONS.map((c) => c.value)).toContain(a);
    }
  });

  it("reads every incident's page, and the signatures cover each near miss it lists", () => {
    for (const id of INCIDENT_IDS) {
      const page = runbookPage(id);
      expect(page.nearMisses.length, id).toBeGreaterThan(0);
      for (const near of page.nearMisses) {
        expect(page.nearMissNotes[near], `${id} vs ${near}`).toMatch(/\w/);
        expect(SIGNATURES[id].versus[near]?.length, `${id} vs ${near}`).toBeGreaterThan(0);
      }
      expect(Object.keys(SIGNATURES[id].versus).sort(), id).toEqual([...page.nearMisses].sort());
    }
  });

  it("reads a Near misses section item by item, continuation lines joined", () => {
    expect(nearMissItems("- `lr-x100`: faster,\n  much faster.\n- `no-warmup`: from step 0.\n\nA closing remark.")).toEqual({ "lr-x100": "faster, much faster.", "no-warmup": "from step 0." });
  });
});

describe("the config diff from the last good run", () => {
  it("never shows the fault field, and is empty for faults that act through hooks or data", () => {
    for (const id of INCIDENT_IDS) {
      const diff = configDiff(lastGoodConfig(id, "ts"), incidentConfig(id, "ts"));
      expect(diff.map((d) => d.field).filter((f) => f.startsWith("fault")), id).toEqual([]);
      expect(JSON.stringify(diff), id).not.toContain(id === "healthy" ? "\u0000" : id);
    }
    for (const id of ["healthy", "lr-x10", "lr-x100", "shard-random", "shard-repeat", "label-leak", "repeated-batch", "optimizer-reset", "eval-tokenizer"] as const) {
      expect(configDiff(lastGoodConfig(id, "ts"), incidentConfig(id, "ts")), id).toEqual([]);
    }
  });

  it("shows a config fault's fields with both values, numbers as written", () => {
    expect(configDiff(lastGoodConfig("no-warmup", "ts"), incidentConfig("no-warmup", "ts"))).toEqual([
      { field: "optimizer.lr", lastGood: "0.003", incident: "0.03" },
      { field: "optimizer.minLr", lastGood: "0.0003", incident: "0.003" },
      { field: "optimizer.warmupSteps", lastGood: "50", incident: "0" },
    ]);
    expect(configDiff(lastGoodConfig("adam-eps-large", "ts"), incidentConfig("adam-eps-large", "ts"))).toEqual([{ field: "optimizer.eps", lastGood: "1e-8", incident: "1" }]);
  });
});

describe("the mock interview's experiment-judgment segment", () => {
  const { cards } = loadBank();

  it("asks the weakest incident offered, and cards when none is offered", () => {
    expect(pickMockIncident([{ id: "healthy", strength: 0.9 }, { id: "lr-x10", strength: 0.5 }, { id: "shard-random", strength: 0.7 }], 0.99)).toBe("lr-x10");
    const plan = planMock(cards, () => 0.5, { role: "engineer", minutes: 40, seed: 3, incidents: [{ id: "eval-tokenizer", strength: 0.5 }] });
    expect(plan.map((p) => [p.segment.name, p.incident, p.cards.length])).toEqual([
      ["foundations", null, 2],
      ["experiment judgment", "eval-tokenizer", 0],
      ["coding talk-through", null, 2],
      ["research taste", null, 2],
    ]);
    expect(planMock(cards, () => 0.5, { role: "engineer", minutes: 40, seed: 3, incidents: [] })[1].cards).toHaveLength(2);
  });
});

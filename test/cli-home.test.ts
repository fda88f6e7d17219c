import { describe, expect, it } from "vitest";
import { homeScreen } from "../src/cli/home.js";
import type { HomeStatus } from "../src/home/status.js";

const NOW = new Date("2026-11-21T10:00:00Z");

describe("the home screen", () => {
  it("shows the cards due, the next due time, bank problems, the last run and the next command with its reason", () => {
    const status: HomeStatus = {
      cards: 246, areas: 14, bankProblems: 1, due: 2, nextDue: new Date("2026-11-21T13:00:00Z"), answered: 7, unseen: 240, katasDue: ["rope", "gelu", "dpo-loss", "beam-search"], incidentsDue: 2,
      lastRun: { id: "20261121-090000-tiny", status: "stopped", preset: "tiny", data: "synthetic", stepsDone: 40, stepsTotal: 200, bestValLoss: 2.34567, elapsedMs: 4000, startedAt: null },
    };
    const lines = homeScreen(status, NOW, "npx dojo").split("\n");
    expect(lines.slice(2, 9)).toEqual([
      "Cards:     246 in 14 areas, 7 answers so far; 2 due now, next in 3 h (2026-11-21 13:00 UTC)",
      "           1 problem in the bank: npx dojo cards check",
      "Katas:     4 due now (rope, gelu, dpo-loss, …)",
      "Incidents: 2 due now",
      "Last run:  20261121-090000-tiny · stopped · step 40/200 · best val loss 2.3457",
      "",
      "Next:      npx dojo drill    (2 cards due for review)",
    ]);
  });

  it("counts in words that agree with the number, and suggests the command with the workspace it was given", () => {
    const status: HomeStatus = { cards: 1, areas: 1, bankProblems: 2, due: 1, nextDue: null, answered: 1, unseen: 0, katasDue: [], incidentsDue: 0, lastRun: null };
    const lines = homeScreen(status, NOW, "dojo --home '/tmp/my ws'").split("\n");
    expect(lines.slice(2, 9)).toEqual([
      "Cards:     1 in 1 area, 1 answer so far; 1 due now",
      "           2 problems in the bank: dojo --home '/tmp/my ws' cards check",
      "Katas:     none due now",
      "Incidents: none due now",
      "Last run:  none yet",
      "",
      "Next:      dojo --home '/tmp/my ws' drill    (1 card due for review)",
    ]);
  });
});

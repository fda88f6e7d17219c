// Each fault with a runbook claim fires the detectors its page names, within the steps it
// states, and none fires before the injection. The claims live in content/runbook/<fault>.md.
import { describe, expect, it } from "vitest";
import { FAULT_LAB, faultLabConfig } from "../src/lab/fault-run.js";
import { FAULTS } from "../src/lab/faults.js";
import { runbookPage } from "../src/lab/runbook.js";
import { DETECTORS } from "../src/train/detectors.js";
import { FAULT_NAMES } from "../src/train/fault-names.js";
import { runLab } from "./failure-lab-run.js";

describe("detectors on their faults", () => {
  for (const fault of FAULT_NAMES) {
    const claims = Object.entries(runbookPage(fault).detectors) as Array<[string, number]>;
    if (claims.length === 0) continue;
    it(`${fault}: ${claims.map(([d, n]) => `${d} within ${n}`).join(", ")}`, { timeout: 120_000 }, async () => {
      const at = FAULTS[fault].timed ? FAULT_LAB.at : 0;
      const { alerts } = await runLab(faultLabConfig({ seed: 1, fault }), at + Math.max(...claims.map(([, n]) => n)));
      expect(alerts.filter((a) => a.step <= at).map((a) => a.message)).toEqual([]);
      for (const [detector, within] of claims) {
        const first = alerts.find((a) => a.alert === detector);
        expect(first, `${detector} never fired`).toBeDefined();
        expect(first!.step - at, `${detector}: ${first!.message}`).toBeLessThanOrEqual(within);
      }
    });
  }

  it("covers every detector with at least one fault", () => {
    const covered = new Set(FAULT_NAMES.flatMap((fault) => Object.keys(runbookPage(fault).detectors)));
    expect(DETECTORS.filter((d) => !covered.has(d))).toEqual([]);
  });
});

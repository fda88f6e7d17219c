// No detector fires on a healthy run of the failure lab's standard config, across 5 seeds:
// the other half of each detector's test (failure-lab-detectors.test.ts has its fault).
import { describe, expect, it } from "vitest";
import { faultLabConfig } from "../src/lab/fault-run.js";
import { runLab } from "./failure-lab-run.js";

describe("detectors on healthy runs", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`stay silent for seed ${seed}`, { timeout: 120_000 }, async () => {
      const { result, alerts, events } = await runLab(faultLabConfig({ seed, fault: null }));
      expect(result.status).toBe("completed");
      expect(alerts.map((a) => a.message)).toEqual([]);
      expect(events.filter((e) => e.kind === "layers").length).toBe(31); // the signals were measured: after step 1, then every 10 of 300 steps
    });
  }
});

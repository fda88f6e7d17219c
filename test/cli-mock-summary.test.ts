import { describe, expect, it } from "vitest";
import { formatMockSummary } from "../src/cli/practice-commands.js";

describe("the mock interview summary", () => {
  it("counts questions in words that agree with the number, in aligned columns", () => {
    const text = formatMockSummary({
      id: "m",
      role: "scientist",
      minutes: 10,
      seed: 7,
      startedAt: "2026-12-06T21:00:00.000Z",
      segments: [
        { name: "foundations", questions: 1, coverage: 0.5, minutes: 4.5, allottedMinutes: 5, overtimeMinutes: 0 },
        { name: "research taste", questions: 2, coverage: null, minutes: 6, allottedMinutes: 5, overtimeMinutes: 1 },
      ],
      weakestAreas: [{ area: "scaling", coverage: 0.5, attempts: 1 }],
      finished: true,
    });
    // name padded to 20, the count padded to 12 ("2 questions" is 11), coverage right-aligned in 4.
    expect(text.split("\n")).toEqual([
      "foundations          1 question    coverage  50%  4.5 of 5.0 min",
      "research taste       2 questions   coverage    -  6.0 of 5.0 min  (1.0 min over)",
      "",
      "Weakest areas: scaling (50% over 1)",
    ]);
  });
});

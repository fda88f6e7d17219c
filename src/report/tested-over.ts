/** The "tested over" column of an ablation table, the same in the terminal and in the web app. */

const TEST_NAMES = { "examples,seeds": "examples & seeds", examples: "examples (1 seed)", seeds: "seeds (Welch)", "": "none" };

/** What a delta row was tested against: `["examples", "seeds"]` → "examples & seeds", `[]` → "none". */
export function testedOver(tests: ReadonlyArray<"examples" | "seeds">): string {
  return TEST_NAMES[tests.join(",") as keyof typeof TEST_NAMES];
}

import { describe, expect, it } from "vitest";
import { plural } from "../src/report/plural.js";

describe("plural", () => {
  it("uses the singular for exactly one, the plural otherwise (zero included)", () => {
    expect(plural(1, "answer")).toBe("1 answer");
    expect(plural(0, "answer")).toBe("0 answers");
    expect(plural(2, "card state")).toBe("2 card states");
    expect(plural(1, "query", "queries")).toBe("1 query");
    expect(plural(3, "query", "queries")).toBe("3 queries");
  });
});

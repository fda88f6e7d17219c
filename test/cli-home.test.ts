import { describe, expect, it } from "vitest";
import { homeScreen } from "../src/cli/home.js";

describe("home screen", () => {
  it("names the commands that exist and a next command to try", () => {
    const text = homeScreen();
    expect(text).toContain("dojo eval");
    expect(text).toContain("Try next:");
  });
});

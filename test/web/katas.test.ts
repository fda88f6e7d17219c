// The katas routes: list, one kata with its drafts and history, checks (practice, interview,
// mock), the reference, stored checks; and their bad input.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckResponse, InterviewResponse, KataResponse, KatasResponse, SolutionResponse, StoredCheckResponse } from "../../src/api/katas.js";
import { testServer } from "./api-client.js";

const KATA = join("content", "katas", "pass-at-k");
const solution = readFileSync(join(KATA, "solution.py"), "utf8");
const wrong = readFileSync(join(KATA, "wrong", "with-replacement.py"), "utf8");

describe("the katas routes", () => {
  it("list the katas and show one with the user's draft after a check", async () => {
    const server = testServer();
    const list = await server.getJson<KatasResponse>("/api/katas");
    expect(list.katas.length).toBeGreaterThanOrEqual(36);
    expect(list.katas.find((k) => k.slug === "pass-at-k")).toMatchObject({ area: "numerics", status: "new", checks: 0 });
    const before = await server.getJson<KataResponse>("/api/katas/pass-at-k");
    expect(before.drafts).toEqual({ py: null, ts: null });
    expect(before.revealCost).toBe("needs-attempt");

    const failed = await server.postJson<CheckResponse>("/api/katas/pass-at-k/check", { lang: "py", code: wrong });
    expect(failed.status).toBe(200);
    expect(failed.body.result.verdict).toBe("failed");
    expect(failed.body.result.failure?.hint?.bug).toBe("with-replacement");
    const after = await server.getJson<KataResponse>("/api/katas/pass-at-k");
    expect(after.drafts.py).toBe(wrong);
    expect(after.history).toHaveLength(1);
    expect(after.revealCost).toBe("gives-up");
    const stored = await server.getJson<StoredCheckResponse>(`/api/katas/pass-at-k/checks/${failed.body.uid}`);
    expect(stored.code).toBe(wrong);
    expect(stored.result.seed).toBe(failed.body.result.seed);

    const passed = await server.postJson<CheckResponse>("/api/katas/pass-at-k/check", { lang: "py", code: solution });
    expect(passed.body.round).toMatchObject({ outcome: "passed-after-failures" });
    const reveal = await server.postJson<SolutionResponse>("/api/katas/pass-at-k/solution", {});
    expect(reveal.status).toBe(200);
    expect(reveal.body.gaveUp).toBeNull();
  });

  it("hide the hint in an interview until the hand-in, and keep its code apart", async () => {
    const server = testServer();
    const started = await server.postJson<InterviewResponse>("/api/katas/pass-at-k/interview", { lang: "py", minutes: 10 });
    expect(started.status).toBe(201);
    const session = { mode: "interview", sessionId: started.body.id };
    const during = await server.postJson<CheckResponse>("/api/katas/pass-at-k/check", { lang: "py", code: wrong, ...session });
    expect(during.body.result.failure?.hint).toBeUndefined();
    expect(during.body.interview).toMatchObject({ checks: 1, passed: false });
    const handIn = await server.postJson<CheckResponse>("/api/katas/pass-at-k/check", { lang: "py", code: wrong, ...session, final: true });
    expect(handIn.body.result.failure?.hint?.bug).toBe("with-replacement");
    expect(readFileSync(join(server.home, "katas", "interview", "pass-at-k.py"), "utf8")).toBe(wrong);
    expect((await server.getJson<KataResponse>("/api/katas/pass-at-k")).drafts.py).toBeNull();
    const otherLang = await server.postJson<{ error: string }>("/api/katas/pass-at-k/check", { lang: "ts", code: "export {}", ...session });
    expect(otherLang.status).toBe(400);
    expect(otherLang.body.error).toContain("this interview is in py");
  });

  it("refuse bad input with one line", async () => {
    const server = testServer();
    expect((await server.request("/api/katas/no-such-kata")).status).toBe(404);
    expect((await server.request("/api/katas/..%2F..%2Fdojo.db")).status).toBe(400);
    expect((await server.postJson("/api/katas/pass-at-k/check", { lang: "rust", code: "" })).status).toBe(400);
    expect((await server.postJson("/api/katas/pass-at-k/check", { lang: "py", code: "x".repeat(300 * 1024) })).status).toBe(400);
    expect((await server.postJson("/api/katas/pass-at-k/check", { lang: "py", code: solution, mode: "interview", sessionId: randomUUID() })).status).toBe(404);
    expect((await server.postJson("/api/katas/pass-at-k/check", { lang: "py", code: solution, mode: "mock" })).status).toBe(400);
    const early = await server.postJson<{ error: string }>("/api/katas/pass-at-k/solution", {});
    expect(early.status).toBe(400);
    expect(early.body.error).toBe("no check of pass-at-k yet: the solution opens after a first attempt");
    expect((await server.request(`/api/katas/pass-at-k/checks/${randomUUID()}`)).status).toBe(404);
    expect((await server.request("/api/katas/pass-at-k/checks/not-a-uuid")).status).toBe(400);
  });
});

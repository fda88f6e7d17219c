// GET /api/align/drills?pipeline=ID and POST /api/align/drills/:id/rate over the hand-written
// fixture pipeline: the drills as the app computes them, the one to ask, a rating that moves the
// schedule once and is practice before the drill is due; unknown ids are 404s, bad ones 400s.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AlignDrillRateResponse, AlignDrillsResponse } from "../../src/api/align-drills.js";
import { alignDrills, formatEvidence } from "../../src/align/align-drills.js";
import { FIXTURE_PIPELINE, writeAlignFixture } from "./align-fixture.js";
import { testServer } from "./api-client.js";

const home = mkdtempSync(join(tmpdir(), "lmdojo-web-align-drills-"));
writeAlignFixture(home);
let now = new Date("2026-03-01T10:00:00Z");
const server = testServer({ home, now: () => now });
const list = async () => AlignDrillsResponse.parse(await server.getJson(`/api/align/drills?pipeline=${FIXTURE_PIPELINE}`));
const rateUrl = (id: string) => `/api/align/drills/${encodeURIComponent(id)}/rate`;

describe("GET /api/align/drills", () => {
  it("returns the pipeline's drills as the app computes them, none rated, the first one next", async () => {
    const body = await list();
    const drills = alignDrills(home, FIXTURE_PIPELINE);
    expect(body.drills).toEqual(drills.map((d) => ({ ...d, evidence: d.evidence.map((e) => ({ ...e, shown: formatEvidence(e) })), due: null })));
    expect(body.drills[0].evidence.at(-1)!.shown).toBe("0.50 [0.45, 0.55]");
    expect(body.drills.map((d) => d.kind)).toEqual(["ship-checkpoint", "winrate-vs-factuality", "rm-offline", "dpo-vs-rl"]);
    expect(body.next).toEqual({ id: drills[0].id, reason: "new" });
  });

  it("answers 404 for an unknown pipeline and 400 without one", async () => {
    expect((await server.request("/api/align/drills?pipeline=20990101-000000-pipeline")).status).toBe(404);
    expect((await server.request("/api/align/drills")).status).toBe(400);
  });
});

describe("POST /api/align/drills/:id/rate", () => {
  it("rates a new drill, moving its due date; a second rating before it is due is practice", async () => {
    const id = (await list()).drills[2].id;
    const first = await server.postJson<unknown>(rateUrl(id), { rating: "good" });
    expect(first.status).toBe(200);
    const rated = AlignDrillRateResponse.parse(first.body);
    expect(rated.rated).toBe(true);
    expect(new Date(rated.due!).getTime()).toBeGreaterThan(now.getTime());
    const again = AlignDrillRateResponse.parse((await server.postJson(rateUrl(id), { rating: "again" })).body);
    expect(again).toEqual({ rated: false, due: rated.due });
    const after = await list();
    expect(after.drills[2].due).toBe(rated.due);
    expect(after.next?.id).toBe(after.drills[0].id);
    now = new Date(rated.due!);
    expect((await list()).next).toEqual({ id, reason: "due" });
  });

  it("answers 404 for a drill the pipeline lacks, 400 for a bad id or rating", async () => {
    expect((await server.postJson(rateUrl(`${FIXTURE_PIPELINE}/kl-knob`), { rating: "good" })).status).toBe(404);
    expect((await server.postJson(rateUrl("../etc"), { rating: "good" })).status).toBe(400);
    expect((await server.postJson(rateUrl(`${FIXTURE_PIPELINE}/rm-offline`), { rating: "great" })).status).toBe(400);
  });
});

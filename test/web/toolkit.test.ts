import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UPLOAD_LIMIT } from "../../src/server/app.js";
import { runDojo } from "../cli-run.js";
import { testServer } from "./api-client.js";

const example = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8");

/** POSTs `body` as a JSON Lines upload; the status and the parsed answer. */
async function upload(path: string, body: string | Uint8Array) {
  const response = await testServer().request(path, { body, headers: { "content-type": "application/x-ndjson" } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: string } };
}

describe("GET /api/toolkit/formats and /examples", () => {
  it("lists the five eval kinds, the fields of a run, and the example file of each tool", async () => {
    const { getJson } = testServer();
    const formats = await getJson<{ kinds: Array<{ name: string; fields: string }>; ablationFields: string }>("/api/toolkit/formats");
    expect(formats.kinds.map((k) => k.name)).toEqual(["qa", "lm", "code", "rank", "pref"]);
    expect(formats.kinds[0].fields).toBe('each line: {"prediction": string, "references": [string, ...]}');
    expect(formats.ablationFields).toMatch(/^each line: \{"arm": name, "config"/);
    const { examples } = await getJson<{ examples: unknown[] }>("/api/toolkit/examples");
    // examples/ also holds make-ablation.ts, which no tool reads.
    expect(examples).toEqual([
      { name: "ablation.jsonl", tool: "ablate", kind: null },
      { name: "code.jsonl", tool: "eval", kind: "code" },
      { name: "lm.jsonl", tool: "eval", kind: "lm" },
      { name: "pref.jsonl", tool: "eval", kind: "pref" },
      { name: "qa.jsonl", tool: "eval", kind: "qa" },
      { name: "rank.jsonl", tool: "eval", kind: "rank" },
    ]);
  });

  it("serves a listed example's text, 404 for a file that is not an example, 400 for a name that is a path", async () => {
    const { getJson, request } = testServer();
    expect(await getJson("/api/toolkit/examples/rank.jsonl")).toEqual({ name: "rank.jsonl", text: example("rank.jsonl") });
    const missing = await request("/api/toolkit/examples/make-ablation.ts");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('no example "make-ablation.ts"');
    expect((await request("/api/toolkit/examples/nope.jsonl")).status).toBe(404);
    for (const name of ["..%2Fpackage.json", "..%2F..%2Fetc%2Fpasswd", ".env", "%2Fetc%2Fpasswd", "a..jsonl"]) {
      expect([name, (await request(`/api/toolkit/examples/${name}`)).status]).toEqual([name, 400]);
    }
  });
});

describe("POST /api/toolkit/eval", () => {
  it("gives the same report as `dojo eval --json` on the same file", async () => {
    const flags = ["--slice", "category", "--rules", "squad-v2", "--level", "0.9", "--ci", "percentile", "--resamples", "500", "--seed", "3"];
    const cli = await runDojo(["eval", "qa", "examples/qa.jsonl", ...flags, "--json"]);
    expect(cli.code).toBe(0);
    const web = await upload(
      "/api/toolkit/eval?kind=qa&name=examples/qa.jsonl&slice=category&rules=squad-v2&level=0.9&ci=percentile&resamples=500&seed=3",
      example("qa.jsonl"),
    );
    expect(web.status).toBe(200);
    expect(web.body).toEqual(JSON.parse(cli.stdout));
    // 9 of the 15 predictions match a reference exactly (README's example).
    expect((web.body.rows as Array<{ metric: string; slice: string | null; value: number }>)[0]).toMatchObject({ metric: "exact_match (%)", slice: null, value: 60 });
  });

  it("matches the CLI on a kind with k and warnings (code, k = 1,5,50)", async () => {
    const cli = await runDojo(["eval", "code", "-", "--k", "1,5,50", "--resamples", "300", "--json"], example("code.jsonl"));
    const web = await upload("/api/toolkit/eval?kind=code&name=-&k=1,5,50&resamples=300", example("code.jsonl"));
    expect(web.status).toBe(200);
    expect(web.body).toEqual(JSON.parse(cli.stdout));
    expect(web.body.warnings).toEqual(["pass@50 dropped: pass@k needs at least k samples per problem, and -:1 has 20 samples"]);
  });

  it("answers 400 naming the line and field of a bad record, or the line of bad JSON", async () => {
    const wrongType = await upload("/api/toolkit/eval?kind=qa&name=mine.jsonl", '{"prediction": "a", "references": ["a"]}\n\n{"prediction": 7, "references": ["b"]}\n');
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatch(/^mine\.jsonl:3: field prediction: /);
    expect(wrongType.body.hint).toContain('"prediction": string');
    const notJson = await upload("/api/toolkit/eval?kind=lm&name=lm.jsonl", '{"logprobs": [-1]}\n{"logprobs": [-1}\n');
    expect([notJson.status, notJson.body.error]).toEqual([400, expect.stringMatching(/^lm\.jsonl:2: not valid JSON/)]);
    const noSlice = await upload("/api/toolkit/eval?kind=qa&name=q.jsonl&slice=topic", '{"prediction": "a", "references": "a", "topic": "x"}\n{"prediction": "a", "references": "a"}\n');
    expect([noSlice.status, noSlice.body.error]).toEqual([400, "q.jsonl:2: field topic: missing (needed by --slice)"]);
    const empty = await upload("/api/toolkit/eval?kind=qa&name=e.jsonl", "\n\n");
    expect([empty.status, empty.body.error]).toEqual([400, "e.jsonl: no records (the file is empty)"]);
  });

  it("answers 400 to an unknown kind and to options out of range, naming the option", async () => {
    const body = example("qa.jsonl");
    const unknown = await upload("/api/toolkit/eval?kind=bleu", body);
    expect([unknown.status, unknown.body.error]).toEqual([400, 'unknown kind "bleu"']);
    const inherited = await upload("/api/toolkit/eval?kind=toString", body);
    expect([inherited.status, inherited.body.error]).toEqual([400, 'unknown kind "toString"']);
    expect((await upload("/api/toolkit/eval", body)).body.error).toMatch(/^query: kind: /);
    for (const [option, value] of [
      ["level", "1"],
      ["level", "abc"],
      ["k", "0"],
      ["k", "1,x"],
      ["resamples", "50"],
      ["resamples", "1000000"],
      ["seed", "1.5"],
      ["ci", "normal"],
      ["rules", "squad-v3"],
    ]) {
      const answer = await upload(`/api/toolkit/eval?kind=qa&${option}=${value}`, body);
      expect([option, value, answer.status]).toEqual([option, value, 400]);
      expect(answer.body.error).toMatch(new RegExp(`^query: ${option}: `));
    }
  });

  it("answers 413 to an upload over the limit, before reading it", async () => {
    const big = new Uint8Array(UPLOAD_LIMIT + 1).fill(0x20);
    const answer = await upload("/api/toolkit/eval?kind=qa", big);
    expect(answer.status).toBe(413);
    expect(answer.body.error).toBe("request body over 50 MB");
  });
});

describe("POST /api/toolkit/ablate", () => {
  it("gives the same report as `dojo ablate --format json` on the same file", async () => {
    const cli = await runDojo(["ablate", "examples/ablation.jsonl", "--factor", "pos", "--resamples", "300", "--seed", "2", "--format", "json"]);
    expect(cli.code).toBe(0);
    const web = await upload("/api/toolkit/ablate?name=examples/ablation.jsonl&factor=pos&resamples=300&seed=2", example("ablation.jsonl"));
    expect(web.status).toBe(200);
    expect(web.body).toEqual(JSON.parse(cli.stdout));
    expect((web.body.flags as Array<{ kind: string; variant: string }>).filter((f) => f.kind === "confound")).toEqual([
      { kind: "confound", variant: "rope-lr", evidence: 'changes 1 config key besides "pos": lr: 0.0006 → 0.001' },
    ]);
  });

  it("answers 400 to a bad run (line and field), an unknown metric or factor, and a bad option", async () => {
    const runs = '{"arm": "a", "config": {"x": 1}, "seed": 1, "metrics": {"acc": 0.5}}\n{"arm": "b", "config": {"x": 2}, "seed": "one", "metrics": {"acc": 0.6}}\n';
    const badSeed = await upload("/api/toolkit/ablate?name=runs.jsonl", runs);
    expect([badSeed.status, badSeed.body.error]).toEqual([400, expect.stringMatching(/^runs\.jsonl:2: field seed: /)]);
    const body = example("ablation.jsonl");
    const metric = await upload("/api/toolkit/ablate?lowerIsBetter=latency", body);
    expect([metric.status, metric.body.error]).toEqual([400, 'lowerIsBetter: no metric "latency" in the runs']);
    const factor = await upload("/api/toolkit/ablate?factor=position", body);
    expect([factor.status, factor.body.error]).toEqual([400, 'factor "position" is not a config key of any run']);
    const baseline = await upload("/api/toolkit/ablate?baseline=nope", body);
    expect(baseline.status).toBe(400);
    expect((await upload("/api/toolkit/ablate?level=0", body)).body.error).toMatch(/^query: level: /);
  });

  it("answers 413 to an upload over the limit", async () => {
    expect((await upload("/api/toolkit/ablate", new Uint8Array(UPLOAD_LIMIT + 1))).status).toBe(413);
  });
});

describe("the toolkit's long work", () => {
  it("runs in a worker thread: a request made while an eval runs is answered before the eval", async () => {
    const { request } = testServer();
    await request("/api/home"); // the bank and database are ready; only the eval's own work is left
    const done: string[] = [];
    const evaluation = request("/api/toolkit/eval?kind=qa&resamples=20000", { body: example("qa.jsonl"), headers: { "content-type": "application/x-ndjson" } }).then((r) => {
      done.push(`eval ${r.status}`);
    });
    // Asked once the eval is under way. A timer cannot fire while the event loop computes, so on
    // the event loop this request would wait for the whole eval.
    const home = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
      request("/api/home").then((r) => {
        done.push(`home ${r.status}`);
      }),
    );
    await Promise.all([evaluation, home]);
    expect(done).toEqual(["home 200", "eval 200"]);
  });

  it("brings an input error back from the worker as a 400 naming its line", async () => {
    const bad = await upload("/api/toolkit/eval?kind=qa", '{"prediction": "x", "references": ["x"]}\n{"prediction": 3}\n');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/:2: /);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FLAG_KINDS } from "../src/ablation/index.js";
import { runDojo, warningsOf } from "./cli-run.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-cli-"));

/** Runs `dojo ARGS` as a user would, from the project root. */
function dojo(...args: string[]) {
  return runDojo(args);
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("dojo (CLI)", () => {
  it("prints the home screen with no subcommand: the workspace, and a next command spelled so it runs", async () => {
    const home = join(dir, "home-fresh");
    const run = (args: string[], path: string) => runDojo(["--home", home, ...args], "", { env: { ...process.env, PATH: path } });
    // Without `dojo` on PATH the command is spelled with npx.
    const fresh = await run([], dirname(process.execPath));
    expect([fresh.code, fresh.stderr]).toEqual([0, ""]);
    expect(fresh.stdout).toMatch(/\nCards: +\d+ in 14 areas, 0 answers so far; none due now\nKatas: +none due now\nIncidents: +none due now\nLast run: +none yet\n/);
    const next = /\nNext: +npx dojo (.*?) {4}\(/.exec(fresh.stdout)![1];
    // The workspace it was given comes along, or the command would open ~/.lmdojo.
    expect(next).toBe(`--home ${home} drill --new 5`);
    // It parses: it stops only because a drill needs a terminal.
    expect((await dojo(...next.split(" "))).stderr).toMatch(/^dojo: dojo drill is interactive and needs a terminal/);
    // With an executable `dojo` on PATH, plain `dojo`.
    const bin = join(dir, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "dojo"), "#!/bin/sh\n", { mode: 0o755 });
    expect((await run([], `${bin}${delimiter}${dirname(process.execPath)}`)).stdout).toContain(`\nNext:      dojo --home ${home} drill --new 5    (start with five questions)\n`);
    // Run by `npx dojo`: npx's cache folder on PATH holds a dojo that the user's shell does not have.
    const npxBin = join(dir, "_npx", "f94b2729710a3ced", "node_modules", ".bin");
    mkdirSync(npxBin, { recursive: true });
    writeFileSync(join(npxBin, "dojo"), "#!/bin/sh\n", { mode: 0o755 });
    expect((await run([], `${npxBin}${delimiter}${dirname(process.execPath)}`)).stdout).toContain(`\nNext:      npx dojo --home ${home} drill --new 5    (start with five questions)\n`);
  });

  it("a command group with no subcommand, and dojo help, print their help on stdout with exit 0", async () => {
    for (const [args, usage] of [
      [["cards"], "Usage: dojo cards [options] [command]"],
      [["lab"], "Usage: dojo lab [options] [command]"],
      [["calc"], "Usage: dojo calc [options] [command]"],
      [["help"], "Usage: dojo [options] [command]"],
      [["help", "cards"], "Usage: dojo cards [options] [command]"],
    ] as const) {
      const { code, stdout, stderr } = await dojo(...args);
      expect([args, code, stderr]).toEqual([args, 0, ""]);
      expect(stdout.startsWith(`${usage}\n`)).toBe(true);
      // Multi-line help, as --help prints it, not squashed onto one line.
      expect(stdout.split("\n").length).toBeGreaterThan(8);
    }
    expect((await dojo("cards")).stdout).toBe((await dojo("cards", "--help")).stdout);
  });

  it("eval qa prints n, value and CI per metric, and per-slice rows", async () => {
    const { code, stdout } = await dojo("eval", "qa", "examples/qa.jsonl", "--slice", "category", "--resamples", "2000");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^qa · examples\/qa.jsonl · 15 records · rules squad-v1 · 95% BCa bootstrap CI \(2000 resamples, seed 0\)/);
    expect(stdout).toMatch(/exact_match \(%\)\s+\(all\)\s+15\s+\d+\.\d+\s+\[/);
    expect(stdout).toMatch(/f1 \(%\)\s+number\s+5\s/);
    expect(stdout).toContain("Not measured:");
  });

  it("the README's example paths work from any folder", async () => {
    for (const args of [["eval", "qa", "examples/qa.jsonl"], ["ablate", "examples/ablation.jsonl"]]) {
      const result = await runDojo([...args, "--resamples", "200"], "", { cwd: tmpdir() });
      expect([args, result.code, result.stderr]).toEqual([args, 0, ""]);
    }
  });

  it("eval --json gives machine-readable rows for every kind of example, with the warnings printed on stderr", async () => {
    for (const kind of ["qa", "lm", "code", "rank", "pref"]) {
      const { code, stdout, stderr } = await dojo("eval", kind, `examples/${kind}.jsonl`, "--json", "--resamples", "500");
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.warnings).toEqual(warningsOf(stderr));
      expect(report.kind).toBe(kind);
      expect(report.rows.length).toBeGreaterThan(0);
      for (const row of report.rows) {
        expect(row.low).toBeLessThanOrEqual(row.value + 1e-9);
        expect(row.high).toBeGreaterThanOrEqual(row.value - 1e-9);
      }
    }
  });

  it("ablate --format json has rows, flags of the five kinds, and a conclusion", async () => {
    const { code, stdout } = await dojo("ablate", "examples/ablation.jsonl", "--factor", "pos", "--format", "json", "--resamples", "1000");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.rows.length).toBe(4);
    for (const row of report.rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(["variant", "metric", "delta", "low", "high", "pValue", "pAdjusted", "seedsBaseline", "seedsVariant"]));
    for (const flag of report.flags) {
      expect(FLAG_KINDS).toContain(flag.kind);
      expect(typeof flag.variant).toBe("string");
      expect(typeof flag.evidence).toBe("string");
    }
    expect(new Set(report.flags.map((f: { kind: string }) => f.kind))).toEqual(new Set(["confound", "compute", "decoding", "slice"]));
    expect(report.conclusion).toMatch(/Supported: .*Not supported: /s);
  });

  it("ablate --format md prints Markdown", async () => {
    const { code, stdout } = await dojo("ablate", "examples/ablation.jsonl", "--format", "md", "--resamples", "500");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^## Ablation against "learned"/);
    expect(stdout).toContain("| variant | metric |");
    expect(stdout).toContain("### Justified conclusion");
  });

  const badInputs: Array<[string, string[], RegExp]> = [
    ["malformed JSON", ["eval", "qa", file("bad.jsonl", '{"prediction": "a", "references": ["a"]}\n{oops\n')], /bad\.jsonl:2: not valid JSON/],
    ["missing field", ["eval", "qa", file("missing.jsonl", '{"prediction": "a"}\n')], /missing\.jsonl:1: field references: /],
    ["wrong type", ["eval", "pref", file("type.jsonl", '{"preference": 1}\n{"preference": 2}\n')], /type\.jsonl:2: field preference: must be 1 \(win\)/],
    ["empty file", ["eval", "lm", file("empty.jsonl", "")], /empty\.jsonl: no records/],
    ["positive log-probability", ["eval", "lm", file("lp.jsonl", '{"logprobs": [-1, 0.5]}\n')], /lp\.jsonl:1: field logprobs\[1\]: a log-probability cannot be positive/],
    ["unknown kind", ["eval", "nope", "examples/qa.jsonl"], /unknown kind "nope"/],
    ["bad flag value", ["eval", "qa", "examples/qa.jsonl", "--level", "95"], /--level: expected a number between 0 and 1/],
    ["missing slice field", ["eval", "qa", "examples/qa.jsonl", "--slice", "nope"], /qa\.jsonl:1: field nope: missing \(needed by --slice\)/],
    ["ablation record", ["ablate", file("abl.jsonl", '{"arm": "a", "config": {}, "seed": 1.5, "metrics": {"acc": 1}}\n')], /abl\.jsonl:1: field seed: must be a whole number/],
    ["missing file", ["ablate", join(dir, "none.jsonl")], /none\.jsonl: cannot read \(no such file\)/],
    ["empty document text", ["eval", "lm", file("lmtext.jsonl", '{"logprobs": [-1], "text": ""}\n')], /lmtext\.jsonl:1: field text: must not be empty/],
    ["code counts disagree", ["eval", "code", file("code.jsonl", '{"n": 3, "c": 2, "results": [true, false, false]}\n')], /code\.jsonl:1: field n: disagrees with "results"/],
    ["repeated query", ["eval", "rank", file("rank.jsonl", '{"query": "q", "run": {}, "qrels": {}}\n{"query": "q", "run": {}, "qrels": {}}\n')], /rank\.jsonl:2: field query: "q" repeats .*rank\.jsonl:1/],
    ["too few resamples", ["eval", "qa", "examples/qa.jsonl", "--resamples", "5"], /--resamples: 5 is outside 100\.\.10000000/],
    ["unknown metric direction", ["ablate", "examples/ablation.jsonl", "--lower-is-better", "latency"], /--lower-is-better: no metric "latency" in the runs/],
    ["unknown command", ["evaluate"], /unknown command "evaluate"/],
    ["unknown subcommand", ["cards", "nope"], /^dojo: error: unknown command 'nope' \(hint: dojo cards --help lists what it takes\)\n$/],
  ];
  it.each(badInputs)("bad input (%s): one line on stderr, exit 2, nothing on stdout", async (_name, args, pattern) => {
    const before = readdirSync(dir).length;
    const { code, stdout, stderr } = await dojo(...args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(pattern);
    expect(readdirSync(dir).length).toBe(before);
  });

  it("cards list, show and check browse and validate the bank", async () => {
    const list = await dojo("cards", "list", "--area", "taste");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/\n16 cards\n$/);
    const show = await dojo("cards", "show", "objectives/perplexity-what-it-measures");
    expect(show.stdout).toContain("Q: What does perplexity measure, and what does it not measure?");
    expect(show.stdout).toContain("Rubric:");
    expect((await dojo("cards", "check")).code).toBe(0);
    const missing = await dojo("cards", "show", "objectives/nope");
    expect([missing.code, missing.stderr]).toEqual([2, 'dojo: no card "objectives/nope" (hint: dojo cards list shows the ids)\n']);
  });

  it("progress, export and import work on a workspace given by --home; a bad import changes nothing", async () => {
    const home = join(dir, "home-a");
    const other = join(dir, "home-b");
    const progress = await dojo("--home", home, "progress");
    expect(progress.code).toBe(0);
    expect(progress.stdout).toMatch(/^area\s+seen\s+retention\s+due now\s+coverage\s+trend/);
    const file = join(dir, "history.json");
    expect((await dojo("--home", home, "export", file)).stdout).toBe(`wrote 0 attempts, 0 card states, 0 mock sessions to ${file}\n`);
    expect((await dojo("--home", other, "import", file)).code).toBe(0);
    const before = await dojo("--home", other, "export", join(dir, "before.json"));
    const bad = await dojo("--home", other, "import", file.replace("history", "bad-history"));
    expect(bad.code).toBe(2);
    writeFileSync(join(dir, "wrong.json"), JSON.stringify({ format: "lmdojo-history", version: 1, exportedAt: "2026-01-01T00:00:00Z", reviews: [], attempts: [{ uid: 1 }], mockSessions: [] }));
    const wrong = await dojo("--home", other, "import", join(dir, "wrong.json"));
    expect(wrong.stderr).toMatch(/wrong\.json: field attempts\[0\]\.uid: /);
    expect((await dojo("--home", other, "export", join(dir, "after.json"))).stdout).toBe(before.stdout.replace("before.json", "after.json"));
  });

  it("export refuses to overwrite a file that is not an export unless --force; a --home of other files is announced", async () => {
    const home = join(dir, "home-c");
    const notes = file("notes.txt", "my notes\n");
    const refused = await dojo("--home", home, "export", notes);
    expect([refused.code, refused.stderr]).toEqual([2, `dojo: ${notes}: exists and is not an lmdojo export; not overwritten (hint: choose another file name, or pass --force to replace it)\n`]);
    expect(readFileSync(notes, "utf8")).toBe("my notes\n");
    expect((await dojo("--home", home, "export", notes, "--force")).code).toBe(0);
    expect(JSON.parse(readFileSync(notes, "utf8")).format).toBe("lmdojo-history");

    // Not a terminal (the test pipes stdin): the new workspace is created and said so.
    const documents = join(dir, "documents");
    mkdirSync(documents);
    writeFileSync(join(documents, "thesis.tex"), "x");
    const created = await dojo("--home", documents, "progress");
    expect([created.code, created.stderr]).toEqual([0, `dojo: creating a new workspace at ${documents}\n`]);
    expect(existsSync(join(documents, "dojo.db"))).toBe(true);
    expect((await dojo("--home", documents, "progress")).stderr).toBe(""); // now it is one
  });

  it("drill and mock explain that they need a terminal", async () => {
    for (const command of ["drill", "mock"]) {
      const { code, stderr } = await dojo("--home", join(dir, "home-c"), command);
      expect(code).toBe(2);
      expect(stderr).toBe(`dojo: dojo ${command} is interactive and needs a terminal (hint: run it in a terminal, not with piped input or output)\n`);
    }
  });

  it("an unknown option is a user error with exit 2", async () => {
    const { code, stderr } = await dojo("eval", "qa", "examples/qa.jsonl", "--nope");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^dojo: error: unknown option '--nope'( \(Did you mean --[a-z]+\?\))? \(hint: dojo eval --help lists what it takes\)\n$/);
  });
});

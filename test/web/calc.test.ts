// The Calc API: the calculators and their inputs, one report per POST, and the command line that
// prints the same report. Figures worked by hand are in comments; the rest is compared with what
// `dojo calc … --json` prints for the same values, run as a user runs it.
import { describe, expect, it } from "vitest";
import { runDojo } from "../cli-run.js";
import { testServer } from "./api-client.js";

interface Listing {
  calculators: {
    name: string;
    inputs: { name: string; flag: string; kind: string; default: string | null; choices: { value: string; label: string }[] | null; required: boolean; group: string }[];
    examples: { command: string; values: Record<string, string | boolean> }[];
  }[];
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
interface Answer {
  name: string;
  title: string;
  tables: { header: string[]; rows: string[][] }[];
  verdict: string[];
  conventions: string[];
  warnings: string[];
  inputs: Json;
  results: Json;
  command: string;
}

const server = testServer();
const post = (name: string, values: unknown) => server.postJson<Answer & { error: string; hint?: string }>(`/api/calc/${name}`, { values });

/** `dojo calc ARGS --json` as a user runs it, after checking it ran cleanly. */
async function cliJson(args: readonly string[]): Promise<{ inputs: Json; results: Json; warnings: string[] }> {
  const { code, stdout, stderr } = await runDojo(["calc", ...args, "--json"]);
  expect({ args, code }).toEqual({ args, code: 0 });
  expect(stderr.split("\n").filter((line) => line && !line.startsWith("dojo: warning: "))).toEqual([]);
  const { command, inputs, results, warnings } = JSON.parse(stdout) as { command: string; inputs: Json; results: Json; warnings: string[] };
  expect(command).toBe(args[0]);
  return { inputs, results, warnings };
}

/** The arguments of a command line the API returned (its values are plain words here). */
function argsOf(command: string): string[] {
  expect(command).toMatch(/^(npx )?dojo calc [a-z]+/);
  return command.replace(/^(npx )?dojo calc /, "").split(" ");
}

describe("GET /api/calc", () => {
  it("lists the ten calculators in the CLI's order, each input with its flag, kind, default and choices", async () => {
    const { calculators } = await server.getJson<Listing>("/api/calc");
    expect(calculators.map((c) => c.name)).toEqual(["params", "flops", "memory", "zero", "activations", "pipeline", "comm", "chinchilla", "kv", "roofline"]);
    const memory = calculators.find((c) => c.name === "memory")!;
    expect(memory.inputs.find((i) => i.name === "microBatch")).toMatchObject({ flag: "--micro-batch", kind: "int", default: "1", required: false });
    expect(memory.inputs.find((i) => i.name === "sp")).toMatchObject({ flag: "--sp", kind: "switch", default: null });
    expect(memory.inputs.find((i) => i.name === "zero")).toMatchObject({ kind: "choice", default: "0", choices: ["0", "1", "2", "3"].map((v) => ({ value: v, label: v })) });
    const model = memory.inputs.find((i) => i.name === "model")!;
    expect(model.group).toBe("model");
    expect(model.choices).toContainEqual({ value: "llama2-7b", label: "Llama-2-7B" });
    expect(calculators.find((c) => c.name === "pipeline")!.inputs.filter((i) => i.required).map((i) => i.flag)).toEqual(["--pp", "--microbatches"]);
    // The README's memory example, as values.
    expect(memory.examples[0].values).toEqual({ model: "llama2-7b", optimizer: "adamw", zero: "3", dp: "64", seq: "4096", microBatch: "1", recompute: "selective" });
    expect(memory.examples[1].values).toMatchObject({ sp: true, unit: "GiB" });
  });
});

describe("POST /api/calc/:name", () => {
  it("answers the memory example with the hand-worked bytes, its tables, and the command line of the non-default flags", async () => {
    const { status, body } = await post("memory", { model: "llama2-7b", optimizer: "adamw", zero: "3", dp: 64, seq: "4096", microBatch: "1", recompute: "selective" });
    expect(status).toBe(200);
    // ZeRO-3 over 64 of Llama-2-7B (Ψ = 6,738,415,616): weights 2Ψ/64 = 210,575,488 B; optimizer 12Ψ/64 = 1,263,452,928 B;
    // activations with selective recomputation 18,861,785,088 B (worked in test/cli-calc.test.ts); total 20,546,388,992 B.
    expect(body.results.perDevice).toEqual({ weights: 210_575_488, gradients: 210_575_488, optimizerStates: 1_263_452_928, activations: 18_861_785_088, total: 20_546_388_992 });
    const rows = body.tables[0].rows;
    expect(rows.find((r) => r[0] === "total per device")?.[2]).toBe("20.55 GB");
    expect(rows.find((r) => r[0] === "weights")?.at(-1)).toMatch(/Ψ/);
    expect(body.verdict[0]).toBe("Fits with 65.35 GB free of 85.90 GB on NVIDIA H100 SXM 80GB.");
    expect(body.conventions.some((c) => c.includes("Korthikanti"))).toBe(true);
    expect(body.warnings).toEqual([]);
    // --optimizer adamw and --micro-batch 1 are the defaults: left out.
    expect(body.command).toMatch(/^(npx )?dojo calc memory --model llama2-7b --seq 4096 --recompute selective --zero 3 --dp 64$/);
  });

  it("gives the same inputs, results and warnings as dojo calc --json for the same flags", async () => {
    const cases: [string, Record<string, string | boolean>, string[]][] = [
      ["memory", { model: "llama2-70b", tp: "8", pp: "4", sp: true, dp: "16", zero: "1", recompute: "selective", unit: "GiB" }, ["--model", "llama2-70b", "--tp", "8", "--pp", "4", "--sp", "--dp", "16", "--zero", "1", "--recompute", "selective", "--unit", "GiB"]],
      ["kv", { model: "llama2-7b", seq: "8192", dtype: "fp8", weightsDtype: "bf16", gpu: "h200" }, ["--model", "llama2-7b", "--seq", "8192", "--dtype", "fp8", "--weights-dtype", "bf16", "--gpu", "h200"]],
      ["zero", { params: "2851e6", largestLayer: "32e6", dp: "8", offload: "cpu", unit: "GiB" }, ["--params", "2851e6", "--largest-layer", "32e6", "--dp", "8", "--offload", "cpu", "--unit", "GiB"]],
      ["chinchilla", { compute: "5.76e23", fit: "besiroglu", params: "70e9", tokens: "1.4e12" }, ["--compute", "5.76e23", "--fit", "besiroglu", "--params", "70e9", "--tokens", "1.4e12"]],
      ["flops", { model: "gpt2-small", stepTime: "0.5", batch: "512", devices: "8", gpu: "a100-80gb" }, ["--model", "gpt2-small", "--step-time", "0.5", "--batch", "512", "--devices", "8", "--gpu", "a100-80gb"]],
      ["roofline", { model: "llama2-7b", batch: "8", seq: "2048" }, ["--model", "llama2-7b", "--batch", "8", "--seq", "2048"]],
    ];
    const answers = await Promise.all(cases.map(([name, values]) => post(name, values)));
    const cli = await Promise.all(cases.map(([name, , args]) => cliJson([name, ...args])));
    cases.forEach(([name], i) => {
      expect([name, answers[i].status]).toEqual([name, 200]);
      expect({ name, inputs: answers[i].body.inputs, results: answers[i].body.results, warnings: answers[i].body.warnings }).toEqual({ name, ...cli[i] });
    });
    // Llama-2-7B's cache at 8192 tokens is past its 4096-token context: the API warns as the CLI does.
    expect(answers[1].body.warnings[0]).toMatch(/^--seq: sequence length 8192 exceeds the model's context of 4096/);
    // 2·32·32·128·8192 tokens × 1 byte (fp8) = 2³¹ bytes.
    expect(answers[1].body.results.kvCache.bytes).toBe(2 ** 31);
  });

  it("returns a command line that, run, prints the same numbers", async () => {
    const answers = await Promise.all([
      post("comm", { model: "gpt3-175b", dp: "16", zero: "1", tp: "8", pp: "8", microbatches: "64", seq: "2048" }),
      post("activations", { model: "gpt3-175b", tp: 8, pp: 8, sp: true, recompute: "selective" }),
      post("pipeline", { pp: 8, microbatches: 64, interleave: 4 }),
    ]);
    const runs = await Promise.all(answers.map(({ body }) => cliJson(argsOf(body.command))));
    answers.forEach(({ body }, i) => expect(runs[i].results).toEqual(body.results));
    // Korthikanti et al. 2022, GPT-3 175B, t = 8, p = 8, sp, selective: 34·sbh/t = 34·2048·12288/8 bytes per layer.
    expect(answers[1].body.results.firstStage.perLayer.bytes).toBe((34 * 2048 * 12288) / 8);
    expect(answers[1].body.command).toMatch(/ calc activations --model gpt3-175b --tp 8 --pp 8 --sp --recompute selective$/);
    // Narayanan et al. 2021, interleaved: (p − 1)/(v·m) = 7/256.
    expect(answers[2].body.results.bubble.bubbleFraction).toBe(7 / 256);
  });

  it("answers an unknown calculator with 404 and a malformed name with 400", async () => {
    const unknown = await post("gpu", {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('no calculator "gpu"');
    expect(unknown.body.hint).toContain("memory");
    for (const name of ["..%2F..%2Fetc", "Memory", "mem-ory"]) {
      const bad = await post(name, {});
      expect([name, bad.status]).toEqual([name, 400]);
      expect(bad.body.error).toMatch(/^name: /);
    }
  });

  it("answers values of the wrong type with 400 naming the field", async () => {
    const cases: [string, unknown, RegExp][] = [
      ["memory", { model: "llama2-7b", sp: "yes" }, /^sp \(--sp\): expected true or false, got "yes"$/],
      ["memory", { model: "llama2-7b", seq: true }, /^seq \(--seq\): expected a number, got true$/],
      ["memory", { model: "llama2-7b", seq: [4096] }, /^request body: values\.seq: /],
      ["memory", { model: "llama2-7b", seq: { n: 1 } }, /^request body: values\.seq: /],
      ["memory", { model: "llama2-7b", bogus: "1" }, /^bogus: not an input of calc memory$/],
      ["kv", "llama2-7b", /^request body: values: /],
    ];
    for (const [name, values, message] of cases) {
      const { status, body } = await post(name, values);
      expect({ values, status }).toEqual({ values, status: 400 });
      expect(body.error).toMatch(message);
    }
    const extra = await server.postJson<{ error: string }>("/api/calc/kv", { values: {}, model: "llama2-7b" });
    expect(extra.status).toBe(400);
    const notJson = await server.request("/api/calc/kv", { body: "{values", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    const big = await server.request("/api/calc/kv", { json: { values: { model: "x".repeat(2 * 1024 * 1024) } } });
    expect(big.status).toBe(413);
  });

  it("answers out-of-range and inconsistent values with 400 naming the flag, and a missing required one", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["kv", { model: "llama2-7b", seq: "-4" }, /^--seq: expected a whole number of at least 1, got "-4"$/],
      ["kv", { model: "llama2-7b", seq: 4096.5 }, /^--seq: expected a whole number of at least 1, got "4096.5"$/],
      ["memory", { model: "llama2-7b", zero: "4" }, /^--zero: expected one of 0, 1, 2, 3, got "4"$/],
      ["memory", { model: "llama2-7b", tp: "3" }, /^--tp \(3\) must divide --heads \(32\)$/],
      ["zero", { params: -7.5e9, dp: 64 }, /^--params: expected a number above 0, got "-7500000000"$/],
      ["kv", { model: "gpt5" }, /^--model: unknown preset "gpt5"$/],
      ["pipeline", { microbatches: "64" }, /^--pp: required$/],
      ["memory", {}, /^no model size: give --params N or a model$/],
    ];
    for (const [name, values, message] of cases) {
      const { status, body } = await post(name, values);
      expect({ name, values, status }).toEqual({ name, values, status: 400 });
      expect(body.error).toMatch(message);
      expect(body.error).not.toMatch(/\n|at .*\.ts/);
    }
  });
});

// `dojo calc`: the printed and --json numbers must be exactly what src/systems computes, for one
// worked example per subcommand from the papers the calculators cite. Conventions checked:
// adamw = mixed-precision AdamW at 16 bytes/param (ZeRO's K = 12); GB = 10⁹ bytes unless --unit GiB.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { calcCommand } from "../src/cli/calc-command.js";
import { formatSize } from "../src/cli/calc-report.js";
import {
  ACCELERATOR_PRESETS,
  firstStageActivationBytes,
  GIB,
  MODEL_PRESETS,
  modelStateBytes,
  paramCount,
  zeroMemoryPerDevice,
} from "../src/systems/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const run = promisify(execFile);

/** Runs `dojo calc ARGS` as a user would; resolves with the exit code and both streams. */
async function calc(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("node", ["bin/dojo.js", "calc", ...args], { cwd: ROOT, encoding: "utf8" });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The results object of `dojo calc ARGS --json`. */
async function calcJson(...args: string[]) {
  const { code, stdout, stderr } = await calc(...args, "--json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return JSON.parse(stdout) as { command: string; inputs: Record<string, unknown>; results: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const LLAMA2_7B = MODEL_PRESETS["llama2-7b"].arch;
const H100 = ACCELERATOR_PRESETS["h100-sxm"];
const MEMORY_EXAMPLE = ["memory", "--model", "llama2-7b", "--optimizer", "adamw", "--zero", "3", "--dp", "64", "--seq", "4096", "--micro-batch", "1", "--recompute", "selective"];

// The memory example worked by hand from src/systems: ZeRO-3 shards all three model states over 64.
function memoryExample() {
  const params = paramCount(LLAMA2_7B).total;
  const states = modelStateBytes({ params, optimizer: "adamw-mixed" });
  const activations = firstStageActivationBytes({ seqLen: 4096, microBatch: 1, hidden: 4096, heads: 32, layers: 32, vocab: 32000, recompute: "selective" });
  const weights = states.bytes.weights / 64;
  const gradients = states.bytes.gradients / 64;
  const optimizerStates = states.bytes.optimizerStates / 64;
  const total = weights + gradients + optimizerStates + activations.total;
  return { params, weights, gradients, optimizerStates, activations: activations.total, total, free: H100.memoryBytes - total };
}

describe("dojo calc memory", () => {
  it("prints each component, the total and the fits line, as src/systems computes them", async () => {
    const { code, stdout, stderr } = await calc(...MEMORY_EXAMPLE);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const e = memoryExample();
    expect(stdout).toMatch(new RegExp(`^weights\\s+2\\s+${formatSize(e.weights, "GB")}`, "m"));
    expect(stdout).toMatch(new RegExp(`^gradients\\s+2\\s+${formatSize(e.gradients, "GB")}`, "m"));
    expect(stdout).toMatch(new RegExp(`^optimizer states\\s+12\\s+${formatSize(e.optimizerStates, "GB")}`, "m"));
    expect(stdout).toMatch(new RegExp(`^activations \\(first stage, recompute selective\\)\\s+${formatSize(e.activations, "GB")}`, "m"));
    expect(stdout).toMatch(new RegExp(`^total per device\\s+${formatSize(e.total, "GB")}`, "m"));
    // By hand, independent of src/systems: Ψ = 6,738,415,616 (Llama-2-7B); model states 16·Ψ/64 = 1,684,603,904 B;
    // activations (Korthikanti et al. 2022, selective recompute, p = t = 1, s = 4096, b = 1, h = 4096, L = 32,
    // V = 32000): 34·sbh·L + sbh (embedding dropout mask) + 4sbh + 4sbV = 18,253,611,008 + 16,777,216 +
    // 67,108,864 + 524,288,000 = 18,861,785,088 B; total 20,546,388,992 B.
    expect(stdout).toMatch(/^activations \(first stage, recompute selective\)\s+18\.86 GB/m);
    expect(stdout).toMatch(/^total per device\s+20\.55 GB/m);
    expect(stdout).toContain(`Fits with ${formatSize(e.free, "GB")} free of 85.90 GB on NVIDIA H100 SXM 80GB.`);
    expect(stdout).toContain("K = 12");
    expect(stdout).toContain("divided by t·p");
    expect(stdout).toContain("GB = 10⁹ bytes");
  });

  it("--json carries the same numbers, and the model states match ZeRO's formula for stage 3", async () => {
    const report = await calcJson(...MEMORY_EXAMPLE);
    const e = memoryExample();
    expect(report.results.params).toBe(6_738_415_616);
    expect(report.results.perDevice).toEqual({ weights: e.weights, gradients: e.gradients, optimizerStates: e.optimizerStates, activations: e.activations, total: e.total });
    const zero3 = zeroMemoryPerDevice({ params: e.params, dp: 64, stage: 3 });
    expect(e.weights + e.gradients + e.optimizerStates).toBeCloseTo(zero3.total, 0);
    expect(report.results.fits).toBe(true);
    expect(report.results.freeBytes).toBeCloseTo(e.free, 0);
    expect(report.inputs.optimizerSetup).toBe("adamw-mixed");
  });

  it("says how much over when it does not fit, in the unit asked for", async () => {
    // Llama-2-70B with plain data parallelism: 16 bytes × 69B parameters alone is ~1 TiB.
    const { code, stdout } = await calc("memory", "--model", "llama2-70b", "--seq", "4096", "--unit", "GiB");
    expect(code).toBe(0);
    const params = paramCount(MODEL_PRESETS["llama2-70b"].arch).total;
    const activations = firstStageActivationBytes({ seqLen: 4096, microBatch: 1, hidden: 8192, heads: 64, layers: 80, vocab: 32000 }).total;
    const over = 16 * params + activations - 80 * GIB;
    expect(stdout).toContain(`Does not fit: ${formatSize(over, "GiB")} over the 80.00 GiB of NVIDIA H100 SXM 80GB.`);
    expect(stdout).not.toMatch(/\d GB\b/);
  });
});

describe("dojo calc --json worked examples", () => {
  it("params, flops, zero, activations, pipeline, comm, chinchilla, kv and roofline", async () => {
    const [params, flops, zero, activations, pipeline, comm, chinchilla, kv, roofline] = await Promise.all([
      calcJson("params", "--model", "gpt2-small"),
      calcJson("flops", "--model", "gpt2-small", "--tokens", "1e9", "--gpu", "a100-80gb", "--devices", "2", "--mfu", "0.5", "--step-time", "0.5", "--batch", "16"),
      calcJson("zero", "--params", "7.5e9", "--dp", "64"),
      calcJson("activations", "--model", "gpt3-175b", "--tp", "8", "--pp", "8", "--sp", "--recompute", "selective"),
      calcJson("pipeline", "--pp", "8", "--microbatches", "64"),
      calcJson("comm", "--model", "llama2-7b", "--dp", "8"),
      calcJson("chinchilla", "--compute", "1e23"),
      calcJson("kv", "--model", "llama2-7b", "--seq", "4096", "--dtype", "fp16", "--unit", "GiB", "--gpu", "h200"),
      calcJson("roofline", "--model", "llama2-7b", "--batch", "1", "--seq", "4096", "--gpu", "a100-80gb"),
    ]);

    // GPT-2 small as shipped, and nanoGPT's N for 6N (position table excluded).
    expect(params.results.total).toBe(124_439_808);
    expect(params.results.flopParams).toBe(123_653_376);

    // 6·123,653,376 + 12·12·12·64·1024 = 855,166,464 FLOPs per token (nanoGPT estimate_mfu).
    const perToken = 855_166_464;
    expect(flops.results.perToken.flopsPerToken).toBe(perToken);
    expect(flops.results.training.flops).toBe(6 * 123_653_376 * 1e9);
    expect(flops.results.time.seconds).toBeCloseTo((perToken * 1e9) / (2 * 312e12 * 0.5), 9);
    expect(flops.results.mfu.utilization).toBeCloseTo((perToken * 16 * 1024) / 0.5 / (2 * 312e12), 12);

    // ZeRO paper, Figure 1: 7.5B parameters, N_d = 64 → 120, 31.4, 16.6 and 1.9 GB.
    expect(zero.results.stages.map((s: { total: number }) => Number((s.total / 1e9).toFixed(1)))).toEqual([120, 31.4, 16.6, 1.9]);
    expect(zero.results.stages[1].total).toBe(31_406_250_000);

    // Korthikanti et al. 2022: with sequence parallelism and selective recomputation, 34·sbh/t per layer.
    expect(activations.results.firstStage.perLayer.bytes).toBe((34 * 2048 * 1 * 12288) / 8);
    // First stage of p = 8 (Korthikanti et al. §4.2.3): L layers' worth in flight, plus the embedding dropout
    // mask sbhp/t; no output layer (p > 1). 96 × 106,954,752 + 2048·12288·8/8 = 10,292,822,016 bytes.
    expect(activations.results.firstStage.total).toBe(10_292_822_016);

    // Narayanan et al. 2021: (p − 1)/m = 7/64.
    expect(pipeline.results.bubble.bubbleFraction).toBe(7 / 64);

    // Ring all-reduce of 16-bit gradients: 2(n − 1)/n × 2Ψ.
    expect(comm.results.dataParallel.sentBytesPerDevice).toBeCloseTo(((2 * 7) / 8) * 2 * 6_738_415_616, 0);

    // Hoffmann et al. 2022 approach 3, minimised under C = 6ND, written out independently:
    // N_opt = G·(C/6)^(β/(α+β)), G = (αA/(βB))^(1/(α+β)); D_opt = C/(6·N_opt).
    const [alpha, beta, A, B] = [0.34, 0.28, 406.4, 410.7];
    const nOpt = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta)) * (1e23 / 6) ** (beta / (alpha + beta));
    expect(chinchilla.results.optimum.params / nOpt).toBeCloseTo(1, 12); // ≈ 14.6B parameters
    expect(chinchilla.results.optimum.tokens / (1e23 / (6 * nOpt))).toBeCloseTo(1, 12); // ≈ 1.14T tokens
    expect(chinchilla.results.ruleOfThumb.params).toBeCloseTo(Math.sqrt(1e23 / 120), 0);

    // Llama-2-7B, 4096 tokens in fp16: 2·32·32·128·4096·2 = 2³¹ bytes = 2 GiB per sequence.
    expect(kv.results.kvCache.bytes).toBe(2 ** 31);
    expect(kv.results.kvCache.bytesPerSequence).toBe(2 * GIB);
    expect(kv.inputs.gpu).toMatchObject({ preset: "h200", memoryBytes: 141 * GIB });

    // Memory-bound decode: (2 bytes × 6,738,415,616 parameters + 2 GiB) / 2.039 TB/s ≈ 7.66 ms.
    expect(roofline.results.decode.time).toBeCloseTo((2 * 6_738_415_616 + 2 ** 31) / 2039e9, 12);
    expect(roofline.results.roofline.bound).toBe("memory-bound");
  });
});

describe("dojo calc errors", () => {
  const cases: [string[], RegExp][] = [
    [["params", "--model", "gpt5"], /--model: unknown preset "gpt5" \(hint: choose one of gpt2-small, .*llama2-7b.*mistral-7b\)/],
    [["params", "--layers", "12", "--hidden", "768", "--heads", "5", "--vocab", "50257", "--seq", "1024"], /--heads \(5\) must divide --hidden \(768\) \(hint: /],
    [["memory", "--model", "llama2-7b", "--tp", "3"], /--tp \(3\) must divide --heads \(32\) \(hint: /],
    [["params", "--layers", "-4", "--hidden", "768", "--heads", "12", "--vocab", "100", "--seq", "8"], /--layers: expected a whole number of at least 1, got "-4" \(hint: /],
    [["zero", "--params", "-7.5e9", "--dp", "64"], /--params: expected a number above 0, got "-7.5e9" \(hint: /],
    [["memory", "--model", "llama2-7b", "--zero", "4", "--unit", "GiB"], /--zero: expected one of 0, 1, 2, 3, got "4"/],
    [["params"], /no model: give --model PRESET or explicit sizes .* \(hint: presets: /],
    [["memory", "--model", "llama2-7b", "--bogus"], /unknown option '--bogus'/],
    [["chinchilla"], /required option '--compute <flops>' not specified/],
  ];
  it("each is one line on stderr, nothing on stdout, exit 2", async () => {
    const results = await Promise.all(cases.map(([args]) => calc(...args)));
    results.forEach((result, i) => {
      const [args, message] = cases[i];
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(result.stderr).toMatch(/^dojo: [^\n]*\n$/);
      expect(result.stderr).toMatch(message);
    });
  });
});

describe("dojo calc --help", () => {
  it("lists the ten subcommands, and each subcommand's help has an example", () => {
    const calc = calcCommand();
    const names = calc.commands.map((c) => c.name());
    expect(names).toEqual(["params", "flops", "memory", "zero", "activations", "pipeline", "comm", "chinchilla", "kv", "roofline"]);
    const overview = calc.helpInformation();
    for (const name of names) expect(overview).toMatch(new RegExp(`^  ${name} \\[options\\]\\s+\\S`, "m"));
    for (const sub of calc.commands) {
      let text = "";
      sub.configureOutput({ writeOut: (s) => (text += s) });
      sub.outputHelp();
      expect(text).toMatch(new RegExp(`Examples?:\\n  dojo calc ${sub.name()} `));
    }
  });
});

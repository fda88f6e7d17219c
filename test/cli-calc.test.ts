// `dojo calc` as a user runs it: every expected value below is worked by hand in the comments
// (or printed by the source the calculator cites), never computed by src/systems.
// Conventions: adamw = mixed-precision AdamW, 2 + 2 + 12 = 16 bytes/param (ZeRO's K = 12); sizes in SI
// units (KB…PB, powers of 1000) unless --unit GiB (KiB…PiB, powers of 1024), each scaled to its value.
// Llama-2-7B: Ψ = 6,738,415,616 parameters (V = 32000, h = 4096, L = 32, a = 32, f = 11008);
// N of 6N (untied input table excluded) = 6,738,415,616 − 32000·4096 = 6,607,343,616.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { calcCommand } from "../src/cli/calc-command.js";
import { main } from "../src/cli/main.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const GIB = 2 ** 30;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `dojo calc ARGS` in this process through the CLI's main(), capturing both streams; runs are
 * queued so that concurrent calls never share the captured streams.
 */
function calc(...args: string[]): Promise<Run> {
  const next = queue.then(async () => {
    let stdout = "";
    let stderr = "";
    const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
    const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      const code = await main(["calc", ...args]);
      return { code, stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
  queue = next.catch(() => undefined);
  return next;
}

/** The JSON of `dojo calc ARGS --json`, after checking it ran cleanly. */
async function calcJson(...args: string[]) {
  const { code, stdout, stderr } = await calc(...args, "--json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return JSON.parse(stdout) as { command: string; inputs: Record<string, any>; results: Record<string, any>; warnings: string[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const MEMORY_EXAMPLE = ["memory", "--model", "llama2-7b", "--optimizer", "adamw", "--zero", "3", "--dp", "64", "--seq", "4096", "--micro-batch", "1", "--recompute", "selective"];
// 7B-class model, t = 2, p = 4, ZeRO-1 over N_d = 8, s = 4096, b = 1, no recomputation.
const MEMORY_3D = ["memory", "--model", "llama2-7b", "--tp", "2", "--pp", "4", "--dp", "8", "--zero", "1", "--seq", "4096"];

describe("dojo calc memory", () => {
  it("prints each component of the ZeRO-3 example, the total and the fits line", async () => {
    const { code, stdout, stderr } = await calc(...MEMORY_EXAMPLE);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    // ZeRO-3 shards all three states over 64: weights 2Ψ/64 = 13,476,831,232/64 = 210,575,488 B;
    // gradients the same; optimizer states 12Ψ/64 = 1,263,452,928 B.
    expect(stdout).toMatch(/^weights\s+2\s+210\.58 MB\s/m);
    expect(stdout).toMatch(/^gradients\s+2\s+210\.58 MB\s/m);
    expect(stdout).toMatch(/^optimizer states\s+12\s+1\.26 GB\s/m);
    // Activations (Korthikanti et al. 2022, selective recompute, p = t = 1, s = 4096, b = 1, h = 4096, L = 32,
    // V = 32000): 34·sbh·L + sbh (embedding dropout mask) + 4sbh + 4sbV = 18,253,611,008 + 16,777,216 +
    // 67,108,864 + 524,288,000 = 18,861,785,088 B; total 16Ψ/64 + that = 1,684,603,904 + 18,861,785,088 = 20,546,388,992 B.
    expect(stdout).toMatch(/^activations \(first stage, recompute selective\)\s+18\.86 GB/m);
    expect(stdout).toMatch(/^total per device\s+20\.55 GB/m);
    // H100: 80 GiB = 85,899,345,920 B; free 85,899,345,920 − 20,546,388,992 = 65,352,956,928 B.
    expect(stdout).toContain("Fits with 65.35 GB free of 85.90 GB on NVIDIA H100 SXM 80GB.");
    expect(stdout).toContain("K = 12");
    expect(stdout).toContain("divided by t·p");
    expect(stdout).toContain("GB = 10⁹");
  });

  it("runs the same as the installed command (bin/dojo.js)", async () => {
    const { stdout } = await promisify(execFile)("node", ["bin/dojo.js", "calc", ...MEMORY_EXAMPLE], { cwd: ROOT, encoding: "utf8" });
    expect(stdout).toMatch(/^total per device\s+20\.55 GB/m);
  });

  it("--json: the ZeRO-3 example's bytes per device", async () => {
    const report = await calcJson(...MEMORY_EXAMPLE);
    expect(report.results.params).toBe(6_738_415_616);
    expect(report.results.perDevice).toEqual({
      weights: 210_575_488,
      gradients: 210_575_488,
      optimizerStates: 1_263_452_928,
      activations: 18_861_785_088,
      total: 20_546_388_992,
    });
    expect(report.results.fits).toBe(true);
    expect(report.results.freeBytes).toBe(65_352_956_928);
    expect(report.inputs.optimizerSetup).toBe("adamw-mixed");
  });

  it("divides the model states by t·p before ZeRO-1 shards the optimizer states over N_d", async () => {
    const report = await calcJson(...MEMORY_3D);
    // Ψ/(t·p) = 6,738,415,616/8 = 842,301,952 parameters per rank.
    // weights 2·842,301,952 = 1,684,603,904 B and gradients the same (ZeRO-1 leaves both whole);
    // optimizer states 12·842,301,952/8 = 1,263,452,928 B.
    // Activations, t = 2 without sequence parallelism: sbh(10 + 24/t + 5as/(ht)) = 16,777,216·(10 + 12 + 80)
    // = 1,711,276,032 B per layer; × 32 layers (1F1B: p micro-batches of L/p layers) = 54,760,833,024,
    // + embedding dropout mask sbhp = 16,777,216·4 = 67,108,864, no output layer on the first of 4 stages
    // = 54,827,941,888 B. Total 1,684,603,904·2 + 1,263,452,928 + 54,827,941,888 = 59,460,602,624 B.
    expect(report.results.paramsPerRank).toBe(842_301_952);
    expect(report.results.perDevice).toEqual({
      weights: 1_684_603_904,
      gradients: 1_684_603_904,
      optimizerStates: 1_263_452_928,
      activations: 54_827_941_888,
      total: 59_460_602_624,
    });
  });

  it("--params: ZeRO-2 shards gradients and optimizer states but not the weights", async () => {
    const { code, stdout, stderr } = await calc("memory", "--params", "8e9", "--tp", "2", "--pp", "2", "--dp", "4", "--zero", "2");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    // Ψ/(t·p) = 8e9/4 = 2e9. Weights 2·2e9 = 4e9 B (whole under ZeRO-2); gradients 2·2e9/4 = 1e9 B;
    // optimizer states 12·2e9/4 = 6e9 B; total 1.1e10 B. No model, so no activations.
    expect(stdout).toMatch(/^weights\s+2\s+4\.00 GB\s+36\.4%\s+2 B\/param × Ψ\/\(t·p\)\s*$/m);
    expect(stdout).toMatch(/^gradients\s+2\s+1\.00 GB\s+9\.1%\s+2 B\/param × Ψ\/\(t·p\) \/ N_d/m);
    expect(stdout).toMatch(/^optimizer states\s+12\s+6\.00 GB\s+54\.5%/m);
    expect(stdout).toMatch(/^total per device\s+11\.00 GB/m);
    expect(stdout).not.toMatch(/^activations/m);
    expect(stdout).toContain("activations: not counted");
  });

  it("scales units to the value: says how much over in TiB when it does not fit", async () => {
    // Llama-2-70B (V = 32000, h = 8192, L = 80, a = 64, 8 KV heads, f = 28672): per layer 2h² + 2h·8·128
    // + 3h·f + 2h = 855,654,400; Ψ = 80·855,654,400 + 2·32000·8192 + 8192 = 68,976,648,192.
    // Model states 16Ψ = 1,103,626,371,072 B. Activations, no recompute, s = 4096, b = 1: sbh = 33,554,432;
    // per layer sbh(34 + 5as/h) = sbh·194 = 6,509,559,808; × 80 = 520,764,784,640; + sbh + 4sbh + 4sbV
    // = 33,554,432 + 134,217,728 + 524,288,000 → 521,456,844,800. Total 1,625,083,215,872 B;
    // over 80 GiB by 1,625,083,215,872 − 85,899,345,920 = 1,539,183,869,952 B = 1.3999 TiB (2⁴⁰ = 1,099,511,627,776).
    const { code, stdout } = await calc("memory", "--model", "llama2-70b", "--seq", "4096", "--unit", "GiB");
    expect(code).toBe(0);
    expect(stdout).toContain("Does not fit: 1.40 TiB over the 80.00 GiB of NVIDIA H100 SXM 80GB.");
    // 16Ψ + activations = 1,625,083,215,872 B = 1.478 TiB.
    expect(stdout).toMatch(/^total per device\s+1\.48 TiB/m);
    expect(stdout).not.toMatch(/\d (GB|MB|TB)\b/);
  });

  it("names FlashAttention and recomputation when activations dominate, and says nothing when they do not", async () => {
    const [none, selective, small] = await Promise.all([
      calc("memory", "--model", "llama2-7b", "--zero", "3", "--dp", "64"),
      calc(...MEMORY_EXAMPLE),
      calc("memory", "--model", "llama2-7b", "--seq", "512", "--recompute", "full"),
    ]);
    expect(none.stdout).toMatch(/Activations are \d+\.\d% of the memory: FlashAttention or selective recomputation/);
    // Example: activations 18,861,785,088 of 20,546,388,992 B = 91.8%.
    expect(selective.stdout).toContain("Activations are 91.8% of the memory even with selective recomputation: full recomputation");
    // Full recomputation at s = 512: activations 2sbh·32 + ... ≈ 0.2 GB against 16Ψ ≈ 107.8 GB of model states.
    expect(small.stdout).not.toContain("Activations are");
  });
});

describe("dojo calc zero --offload cpu (DeepSpeed's estimators)", () => {
  // DeepSpeed's "Memory Requirements" page, estimate_zero2/zero3_model_states_mem_needs_all_cold with
  // total_params = 2851e6, largest_layer_params = 32e6, 1 node × 8 GPUs, prints (its "GB" is 2³⁰ bytes):
  //   ZeRO-2  127.45 | 5.31 offload_optimizer=cpu;  127.45 | 15.93 offload_optimizer=none
  //   ZeRO-3  71.69 | 0.12, 127.45 | 0.12 (offload param + optimizer, zero_init 1/0);
  //           63.72 | 0.78, 127.45 | 0.78 (offload optimizer); 1.43 | 6.09, 127.45 | 6.09 (no offload)
  const ARGS = ["zero", "--params", "2851e6", "--largest-layer", "32e6", "--dp", "8", "--offload", "cpu", "--unit", "GiB"];

  it("reproduces the documented per-CPU and per-GPU tables", async () => {
    const report = await calcJson(...ARGS);
    const gib = (rows: { cpuBytesPerNode: number; gpuBytesPerGpu: number }[]) => rows.map((r) => [(r.cpuBytesPerNode / GIB).toFixed(2), (r.gpuBytesPerGpu / GIB).toFixed(2)]);
    const [zero2, zero3] = report.results.estimates;
    expect(gib(zero2.rows)).toEqual([
      ["127.45", "5.31"],
      ["127.45", "15.93"],
    ]);
    expect(gib(zero3.rows)).toEqual([
      ["71.69", "0.12"],
      ["127.45", "0.12"],
      ["63.72", "0.78"],
      ["127.45", "0.78"],
      ["1.43", "6.09"],
      ["127.45", "6.09"],
    ]);
    expect(zero3.rows.map((r: { offloadParam: string; offloadOptimizer: string; zeroInit: boolean }) => `${r.offloadParam}/${r.offloadOptimizer}/${r.zeroInit ? 1 : 0}`)).toEqual([
      "cpu/cpu/1",
      "cpu/cpu/0",
      "none/cpu/1",
      "none/cpu/0",
      "none/none/1",
      "none/none/0",
    ]);
  });

  it("prints the tables with their formulas; two nodes halve ZeRO-3's offloaded CPU memory per node", async () => {
    const [one, two] = await Promise.all([calc(...ARGS), calc(...ARGS, "--nodes", "2", "--stage", "3")]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^\s+127\.45 GiB\s+5\.31 GiB\s+none\s+cpu\s+Ψ·max\(4N, 16\)·f\s+2Ψ$/m);
    expect(one.stdout).toMatch(/^\s+71\.69 GiB\s+122\.07 MiB\s+cpu\s+cpu\s+1\s+18Ψ·g·f\s+4λ$/m);
    // 2 nodes × 4 GPUs: 18Ψ·(1/2)·1.5 = 38,488,500,000 B = 35.85 GiB; GPU 4λ + 18Ψ/8 unchanged = 6.09 GiB.
    expect(two.stdout).toMatch(/^\s+35\.85 GiB\s+122\.07 MiB\s+cpu\s+cpu\s+1\s/m);
    expect(two.stdout).not.toContain("ZeRO-2");
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
    expect(flops.results.run.flops).toBe(6 * 123_653_376 * 1e9);
    expect(flops.results.time.seconds).toBeCloseTo((perToken * 1e9) / (2 * 312e12 * 0.5), 9);
    expect(flops.results.step.utilization).toBeCloseTo((perToken * 16 * 1024) / 0.5 / (2 * 312e12), 12);

    // ZeRO paper, Figure 1: 7.5B parameters, N_d = 64 → 120, 31.4, 16.6 and 1.9 GB.
    expect(zero.results.stages.map((s: { total: number }) => Number((s.total / 1e9).toFixed(1)))).toEqual([120, 31.4, 16.6, 1.9]);
    // Stage 1: 2Ψ + 2Ψ + 12Ψ/64 = 15e9 + 15e9 + 1.40625e9 = 31,406,250,000.
    expect(zero.results.stages[1].total).toBe(31_406_250_000);

    // Korthikanti et al. 2022: with sequence parallelism and selective recomputation, 34·sbh/t per layer.
    expect(activations.results.firstStage.perLayer.bytes).toBe((34 * 2048 * 1 * 12288) / 8);
    // First stage of p = 8 (Korthikanti et al. §4.2.3): L layers' worth in flight, plus the embedding dropout
    // mask sbhp/t; no output layer (p > 1). 96 × 106,954,752 + 2048·12288·8/8 = 10,292,822,016 bytes.
    expect(activations.results.firstStage.total).toBe(10_292_822_016);

    // Narayanan et al. 2021: (p − 1)/m = 7/64.
    expect(pipeline.results.bubble.bubbleFraction).toBe(7 / 64);

    // Ring all-reduce of 16-bit gradients: 2(n − 1)/n × 2Ψ = 1.75 × 13,476,831,232 = 23,584,454,656 B.
    expect(comm.results.dataParallel.sentBytesPerDevice).toBeCloseTo(23_584_454_656, 0);

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
    // Forward FLOPs per new token, 2N + 4·L·H·Q·T (a third of training's 6N + 12·L·H·Q·T):
    // 2·6,607,343,616 + 4·32·32·128·4096 = 13,214,687,232 + 2,147,483,648 = 15,362,170,880.
    expect(roofline.results.forwardFlopsPerToken).toBe(15_362_170_880);
  });

  it("comm: tensor-parallel traffic per step is per layer × L/p layers × m micro-batches", async () => {
    const { stdout } = await calc("comm", "--model", "gpt3-175b", "--dp", "16", "--zero", "1", "--tp", "8", "--pp", "8", "--microbatches", "64", "--seq", "2048");
    // Per layer: 4 all-reduces × 2·7/8 × b·s·h·2 bytes = 4 × 1.75 × 2048·12288·2 = 352,321,536 B;
    // per step × 96/8 = 12 layers × 64 micro-batches = 768 → 270,582,939,648 B.
    expect(stdout).toMatch(/^tensor-parallel all-reduces \(t = 8\)\s+352\.32 MB\s+layer\s+270\.58 GB/m);
    // Pipeline: 2 × m × b·s·h·2 = 2·64·2048·12288·2 = 6,442,450,944 B per step.
    expect(stdout).toMatch(/^pipeline stage boundary \(p = 8\)\s+6\.44 GB\s+step\s+6\.44 GB/m);
  });
});

describe("dojo calc: sizes and units", () => {
  it("--params works on every subcommand that needs only a size", async () => {
    const [flops, comm, kv, roofline] = await Promise.all([
      calc("flops", "--params", "7e9", "--tokens", "1.4e12"),
      calc("comm", "--params", "7e9", "--dp", "8"),
      calc("kv", "--model", "llama2-7b", "--params", "7e9", "--seq", "4096"),
      calc("roofline", "--model", "llama2-7b", "--params", "7e9", "--seq", "4096", "--gpu", "a100-80gb"),
    ]);
    for (const r of [flops, comm, kv, roofline]) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    // 6·N·D = 6 × 7e9 × 1.4e12 = 5.88e22.
    expect(flops.stdout).toMatch(/^run, 6·N·D\s+5\.880e\+22/m);
    // Ring all-reduce of 2Ψ = 1.4e10 bytes over 8: 2·7/8 × 1.4e10 = 2.45e10 B.
    expect(comm.stdout).toMatch(/^data-parallel all-reduce \(n = 8\)\s+24\.50 GB/m);
    // Weights 2 bytes × 7e9 = 1.4e10 B; the cache still follows the model (2³¹ B = 2.15 GB).
    expect(kv.stdout).toMatch(/^weights \(fp16\)\s+14\.00 GB/m);
    expect(kv.stdout).toMatch(/^KV cache \(fp16\)\s+2\.15 GB/m);
    expect(roofline.stdout).toMatch(/^weights read\s+14\.00 GB/m);
  });

  it("accepts scientific notation for whole-number options", async () => {
    const report = await calcJson("kv", "--model", "llama2-7b", "--seq", "4.096e3", "--batch", "1e1");
    // 10 sequences × 2³¹ bytes = 21,474,836,480 B.
    expect(report.inputs.seqLen).toBe(4096);
    expect(report.inputs.batch).toBe(10);
    expect(report.results.kvCache.bytes).toBe(21_474_836_480);
  });

  it("scales byte figures within the family: bytes per token in KB or KiB, a sequence in GB or GiB", async () => {
    const [si, binary] = await Promise.all([calc("kv", "--model", "llama2-7b", "--seq", "4096"), calc("kv", "--model", "llama2-7b", "--seq", "4096", "--unit", "GiB")]);
    // One layer: 2·32·128·2 = 16,384 B; all 32 layers: 524,288 B; the sequence 2³¹ = 2,147,483,648 B.
    expect(si.stdout).toMatch(/^per token, one layer\s+16\.38 KB/m);
    expect(si.stdout).toMatch(/^per token, all layers\s+524\.29 KB/m);
    expect(si.stdout).toMatch(/^per sequence \(4096 tokens\)\s+2\.15 GB/m);
    expect(binary.stdout).toMatch(/^per token, one layer\s+16\.00 KiB/m);
    expect(binary.stdout).toMatch(/^per token, all layers\s+512\.00 KiB/m);
    expect(binary.stdout).toMatch(/^per sequence \(4096 tokens\)\s+2\.00 GiB/m);
    // No overhead allowance: exactly 0 bytes.
    expect(si.stdout).toMatch(/^overhead allowance\s+0 B/m);
  });

  it("warns on stderr when --seq exceeds the model's context, and still answers", async () => {
    const [llama, gpt] = await Promise.all([calc("kv", "--model", "llama2-7b", "--seq", "8192"), calcJsonRaw("activations", "--model", "gpt2-small", "--seq", "2048")]);
    expect(llama.code).toBe(0);
    expect(llama.stderr).toBe("dojo: warning: --seq: sequence length 8192 exceeds the model's context of 4096: it was trained on at most 4096 positions (RoPE extends only with a context-extension method); the figures are computed anyway\n");
    // 2·32·32·128·8192·2 = 2³² bytes = 4 GiB.
    expect(llama.stdout).toMatch(/^batch of 1\s+4\.29 GB/m);
    expect(gpt.stderr).toMatch(/^dojo: warning: --seq: sequence length 2048 exceeds the model's context of 1024: its learned position table has 1024 rows/);
    expect(JSON.parse(gpt.stdout).warnings).toHaveLength(1);
  });

  it("chinchilla names the fit it used and shows the 20-tokens-per-parameter rule beside it", async () => {
    const [hoffmann, besiroglu] = await Promise.all([calc("chinchilla", "--compute", "1e23"), calc("chinchilla", "--compute", "1e23", "--fit", "besiroglu")]);
    expect(hoffmann.stdout).toContain("fit: Hoffmann et al. 2022 (Approach 3)");
    expect(hoffmann.stdout).toContain("Fit used: Hoffmann et al. 2022 (Approach 3) (E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28)");
    // Rule: N = √(C/(6·20)) = √(1e23/120) = 2.887e10, D = 20N = 5.774e11.
    expect(hoffmann.stdout).toMatch(/^rule of thumb, 20 tokens\/param\s+28\.9B\s+577B\s+20\.0/m);
    expect(besiroglu.stdout).toContain("Fit used: Besiroglu et al. 2024 (replication)");
    expect(besiroglu.stdout).toMatch(/^rule of thumb, 20 tokens\/param\s+28\.9B\s+577B/m);
  });
});

/** `dojo calc ARGS --json` without the clean-stderr check (for warnings). */
async function calcJsonRaw(...args: string[]) {
  return calc(...args, "--json");
}

describe("dojo calc errors", () => {
  const cases: [string[], RegExp][] = [
    [["params", "--model", "gpt5"], /--model: unknown preset "gpt5" \(hint: choose one of gpt2-small, .*llama2-7b.*mistral-7b\)/],
    [["params", "--layers", "12", "--hidden", "768", "--heads", "5", "--vocab", "50257", "--seq", "1024"], /--heads \(5\) must divide --hidden \(768\) \(hint: /],
    [["memory", "--model", "llama2-7b", "--tp", "3"], /--tp \(3\) must divide --heads \(32\) \(hint: /],
    [["params", "--layers", "-4", "--hidden", "768", "--heads", "12", "--vocab", "100", "--seq", "8"], /--layers: expected a whole number of at least 1, got "-4" \(hint: /],
    [["kv", "--model", "llama2-7b", "--seq", "4.0965e3"], /--seq: expected a whole number of at least 1, got "4.0965e3"/],
    [["zero", "--params", "-7.5e9", "--dp", "64"], /--params: expected a number above 0, got "-7.5e9" \(hint: /],
    [["memory", "--model", "llama2-7b", "--zero", "4", "--unit", "GiB"], /--zero: expected one of 0, 1, 2, 3, got "4"/],
    [["memory", "--unit", "GiB"], /no model size: give --params N or a model/],
    [["params"], /no model: give --model PRESET or explicit sizes .* \(hint: presets: /],
    [["comm", "--params", "7e9", "--tp", "2"], /tensor and pipeline traffic need the model's shape/],
    [["zero", "--params", "7e9", "--dp", "8", "--offload", "nvme"], /--offload: expected one of cpu, got "nvme"/],
    [["zero", "--params", "7e9", "--dp", "8", "--offload", "cpu", "--stage", "3"], /ZeRO-3 offload needs the largest layer's parameters \(hint: give --largest-layer/],
    [["zero", "--params", "7e9", "--dp", "8", "--offload", "cpu", "--nodes", "3"], /--nodes \(3\) must divide --dp \(8\)/],
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

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { decodeSafetensors, encodeSafetensors } from "../src/serialize/safetensors.js";
import { createRng } from "../src/stats/prng.js";
import { listCheckpoints, loadCheckpoint, saveCheckpoint, type CheckpointState } from "../src/lab/checkpoint.js";
import { writeFileAtomic } from "../src/workspace/atomic.js";

const root = mkdtempSync(join(tmpdir(), "lmdojo-checkpoint-"));
let folders = 0;
/** A fresh, not yet existing checkpoints folder (saveCheckpoint creates it). */
const freshDir = (): string => join(root, `run-${folders++}`, "checkpoints");
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Float32 values whose bits must survive: NaN with a payload, -0, ±Infinity, a subnormal, the extremes. */
function special(): Float32Array {
  const bits = new Uint32Array([0x7fc00001, 0x7f800123, 0x80000000, 0x7f800000, 0xff800000, 0x00000001, 0x7f7fffff, 0x3f800000]);
  return new Float32Array(bits.buffer);
}

function smallState(step: number, valLoss: number | null = null): CheckpointState {
  const wte = Float32Array.from({ length: 6 }, (_, i) => step + i / 8);
  return {
    step,
    weights: { "transformer.wte.weight": wte, "transformer.h.0.attn.c_attn.weight": special(), "transformer.ln_f.bias": new Float32Array([0.5, -0.25]) },
    shapes: { "transformer.wte.weight": [2, 3], "transformer.h.0.attn.c_attn.weight": [2, 4], "transformer.ln_f.bias": [2] },
    optimizer: {
      step: step + 1,
      m: { "transformer.wte.weight": wte.map((x) => -x), "transformer.h.0.attn.c_attn.weight": special().reverse() },
      v: { "transformer.wte.weight": wte.map((x) => x * x), "transformer.h.0.attn.c_attn.weight": special() },
    },
    valLoss,
    config: { preset: "tiny", seed: 1, model: { nLayer: 2 }, lrs: [1e-3, 1e-4] },
    tokenizer: { kind: "char", vocab: "ab\n\u00e9" },
    trainer: { rng: [1, 2, 3, 4294967295], cursor: { position: step * 12 }, note: null, done: false },
  };
}

const bytesOf = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function expectBitIdentical(actual: Record<string, Float32Array>, expected: Record<string, Float32Array>): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const name of Object.keys(expected)) {
    expect(actual[name]).toBeInstanceOf(Float32Array);
    expect(bytesOf(actual[name]).equals(bytesOf(expected[name])), name).toBe(true);
  }
}

function expectSameState(actual: CheckpointState, expected: CheckpointState): void {
  expectBitIdentical(actual.weights, expected.weights);
  expectBitIdentical(actual.optimizer.m, expected.optimizer.m);
  expectBitIdentical(actual.optimizer.v, expected.optimizer.v);
  expect(actual.optimizer.step).toBe(expected.optimizer.step);
  expect(actual.step).toBe(expected.step);
  expect(actual.shapes).toEqual(expected.shapes);
  expect(actual.valLoss).toBe(expected.valLoss);
  expect(actual.config).toEqual(expected.config);
  expect(actual.tokenizer).toEqual(expected.tokenizer);
  expect(actual.trainer).toEqual(expected.trainer);
}

/** The InputError a call throws (fails the test if it throws nothing or something else). */
function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error("expected an InputError");
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

describe("saveCheckpoint / loadCheckpoint round trip", () => {
  it("gives back bit-identical weights and moments, the optimizer step and the JSON fields", () => {
    const dir = freshDir();
    const state = smallState(200, 1.75);
    const { sidecarPath, best, removed } = saveCheckpoint(dir, state, { keepLast: 3 });
    expect(sidecarPath).toBe(join(dir, "step-200.json"));
    expect(best).toBe(true);
    expect(removed).toEqual([]);
    expectSameState(loadCheckpoint(sidecarPath), state);
  });

  it("writes the three files: torch-named moments, the optimizer step, sizes and sha256 in the sidecar", () => {
    const dir = freshDir();
    const state = smallState(7);
    saveCheckpoint(dir, state, { keepLast: 1 });
    expect(readdirSync(dir).sort()).toEqual(["step-7.json", "step-7.optimizer.safetensors", "step-7.safetensors"]);

    const sidecar = JSON.parse(readFileSync(join(dir, "step-7.json"), "utf8"));
    expect(sidecar).toMatchObject({ format: "lmdojo-checkpoint", version: 1, step: 7, valLoss: null, optimizerStep: 8 });
    for (const [key, name] of [["weights", "step-7.safetensors"], ["optimizer", "step-7.optimizer.safetensors"]]) {
      const bytes = readFileSync(join(dir, name));
      expect(sidecar.files[key]).toEqual({ name, bytes: statSync(join(dir, name)).size, sha256: sha256(bytes) });
    }

    const weights = decodeSafetensors(readFileSync(join(dir, "step-7.safetensors")), "w");
    expect(weights.tensors["transformer.wte.weight"].shape).toEqual([2, 3]);
    const optimizer = decodeSafetensors(readFileSync(join(dir, "step-7.optimizer.safetensors")), "o");
    expect(optimizer.metadata.step).toBe("8");
    expect(Object.keys(optimizer.tensors).sort()).toEqual([
      "transformer.h.0.attn.c_attn.weight.exp_avg",
      "transformer.h.0.attn.c_attn.weight.exp_avg_sq",
      "transformer.wte.weight.exp_avg",
      "transformer.wte.weight.exp_avg_sq",
    ]);
    // Moments carry their weight's shape, as torch's exp_avg = zeros_like(param) does.
    expect(optimizer.tensors["transformer.h.0.attn.c_attn.weight.exp_avg_sq"].shape).toEqual([2, 4]);
  });

  it("round-trips random shapes and arbitrary bit patterns (seeded property test)", () => {
    const rng = createRng(5);
    const dir = freshDir();
    for (let trial = 0; trial < 20; trial++) {
      const weights: Record<string, Float32Array> = {};
      const shapes: Record<string, number[]> = {};
      const m: Record<string, Float32Array> = {};
      const v: Record<string, Float32Array> = {};
      const count = 1 + rng.nextInt(4);
      for (let t = 0; t < count; t++) {
        const name = `transformer.h.${t}.mlp.c_fc.weight`;
        const shape = Array.from({ length: rng.nextInt(4) }, () => rng.nextInt(5)); // rank 0 to 3, zero-size dims included
        const n = shape.reduce((a, d) => a * d, 1);
        const random = (): Float32Array => new Float32Array(Uint32Array.from({ length: n }, () => rng.nextUint32()).buffer);
        weights[name] = random();
        shapes[name] = shape;
        if (rng.nextInt(2)) {
          m[name] = random();
          v[name] = random();
        }
      }
      const state: CheckpointState = { step: trial, weights, shapes, optimizer: { step: rng.nextInt(1000), m, v }, valLoss: rng.nextFloat(), config: { trial }, tokenizer: null, trainer: [trial, "x"] };
      expectSameState(loadCheckpoint(saveCheckpoint(dir, state, { keepLast: 2 }).sidecarPath), state);
    }
  });

  it("re-saving an existing step replaces it completely", () => {
    const dir = freshDir();
    saveCheckpoint(dir, smallState(100, 2), { keepLast: 3 });
    const replacement = smallState(100, 1.5);
    replacement.weights["transformer.ln_f.bias"] = new Float32Array([9, 9]);
    saveCheckpoint(dir, replacement, { keepLast: 3 });
    expectSameState(loadCheckpoint(join(dir, "step-100.json")), replacement);
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it("writeFileAtomic writes bytes exactly and strings as UTF-8, leaving no temporary file", () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    writeFileAtomic(join(dir, "b.bin"), bytes);
    writeFileAtomic(join(dir, "t.txt"), "é\n");
    expect(readFileSync(join(dir, "b.bin")).equals(Buffer.from(bytes))).toBe(true);
    expect([...readFileSync(join(dir, "t.txt"))]).toEqual([0xc3, 0xa9, 0x0a]);
    expect(readdirSync(dir).sort()).toEqual(["b.bin", "t.txt"]);
  });
});

describe("pruning", () => {
  const files = (dir: string): string[] => readdirSync(dir).sort();
  const filesOf = (...steps: number[]): string[] => steps.flatMap((s) => [`step-${s}.json`, `step-${s}.optimizer.safetensors`, `step-${s}.safetensors`]).sort();

  it("keeps the newest K plus the best, also when the best is old, and deletes all three files of the others", () => {
    const dir = freshDir();
    const losses: Record<number, number> = { 100: 3.0, 200: 1.0, 300: 2.5, 400: 2.0, 500: 2.2, 600: 2.1 };
    const results = Object.entries(losses).map(([step, loss]) => saveCheckpoint(dir, smallState(Number(step), loss), { keepLast: 2 }));
    expect(results.map((r) => r.best)).toEqual([true, true, false, false, false, false]);
    expect(results.map((r) => r.removed)).toEqual([[], [], [join(dir, "step-100.json")], [], [join(dir, "step-300.json")], [join(dir, "step-400.json")]]);
    expect(files(dir)).toEqual(filesOf(200, 500, 600));
    expect(listCheckpoints(dir).map((e) => [e.step, e.valLoss])).toEqual([[200, 1.0], [500, 2.2], [600, 2.1]]);
  });

  it("a new best replaces the old best, which is then pruned once it is not among the newest", () => {
    const dir = freshDir();
    saveCheckpoint(dir, smallState(1, 2.0), { keepLast: 1 });
    saveCheckpoint(dir, smallState(2, 3.0), { keepLast: 1 }); // keeps 1 (best) and 2 (newest)
    const third = saveCheckpoint(dir, smallState(3, 1.0), { keepLast: 1 });
    expect(third.best).toBe(true);
    expect(third.removed).toEqual([join(dir, "step-1.json"), join(dir, "step-2.json")]);
    expect(files(dir)).toEqual(filesOf(3));
  });

  it("a tie does not move the best (strictly lower wins, as nanoGPT's val_loss < best_val_loss); unevaluated steps never are best", () => {
    const dir = freshDir();
    saveCheckpoint(dir, smallState(1, 1.5), { keepLast: 1 });
    expect(saveCheckpoint(dir, smallState(2, 1.5), { keepLast: 1 }).best).toBe(false);
    expect(saveCheckpoint(dir, smallState(3, null), { keepLast: 1 })).toMatchObject({ best: false, removed: [join(dir, "step-2.json")] });
    expect(files(dir)).toEqual(filesOf(1, 3));
  });

  it("with no validation losses keeps only the newest K", () => {
    const dir = freshDir();
    for (let s = 1; s <= 5; s++) saveCheckpoint(dir, smallState(s), { keepLast: 3 });
    expect(files(dir)).toEqual(filesOf(3, 4, 5));
  });

  it("cleans up what a killed save leaves (tensor files without a sidecar, temp files), which is never listed", () => {
    const dir = freshDir();
    saveCheckpoint(dir, smallState(1, 2), { keepLast: 2 });
    writeFileSync(join(dir, "step-2.safetensors"), "partial");
    writeFileSync(join(dir, ".step-2.optimizer.safetensors.4242.1700000000000.tmp"), "partial");
    writeFileSync(join(dir, ".step-2.json.4242.1700000000001.tmp"), "{");
    expect(listCheckpoints(dir).map((e) => e.step)).toEqual([1]);
    saveCheckpoint(dir, smallState(3, 2), { keepLast: 2 });
    expect(files(dir)).toEqual(filesOf(1, 3));
  });
});

describe("listCheckpoints", () => {
  it("returns [] for a missing folder", () => {
    expect(listCheckpoints(join(root, "no-such-run", "checkpoints"))).toEqual([]);
  });

  it("sorts by step as a number, ignores other files and lists unreadable sidecars with valLoss null", () => {
    const dir = freshDir();
    for (const step of [1000, 200, 30]) saveCheckpoint(dir, smallState(step, step / 100), { keepLast: 5 });
    writeFileSync(join(dir, "step-200.json"), "{ truncated");
    writeFileSync(join(dir, "notes.json"), "{}");
    writeFileSync(join(dir, ".step-40.json.1.2.tmp"), "{}");
    expect(listCheckpoints(dir)).toEqual([
      { step: 30, sidecarPath: join(dir, "step-30.json"), valLoss: 0.3 },
      { step: 200, sidecarPath: join(dir, "step-200.json"), valLoss: null },
      { step: 1000, sidecarPath: join(dir, "step-1000.json"), valLoss: 10 },
    ]);
  });
});

describe("corruption is detected on load, with one clear error naming the file", () => {
  /** A folder with good checkpoints at steps 100 and 200; the tests damage step 200. */
  function twoCheckpoints(): { dir: string; sidecar: string; weights: string; optimizer: string } {
    const dir = freshDir();
    saveCheckpoint(dir, smallState(100, 2), { keepLast: 5 });
    saveCheckpoint(dir, smallState(200, 1), { keepLast: 5 });
    return { dir, sidecar: join(dir, "step-200.json"), weights: join(dir, "step-200.safetensors"), optimizer: join(dir, "step-200.optimizer.safetensors") };
  }

  function expectRejected(dir: string, sidecar: string, message: RegExp): void {
    const err = inputError(() => loadCheckpoint(sidecar));
    expect(err.message).toMatch(message);
    // The hint points at the older checkpoint, which still loads.
    expect(err.hint).toContain(join(dir, "step-100.json"));
    expect(loadCheckpoint(join(dir, "step-100.json")).step).toBe(100);
  }

  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  it("truncated weights file", () => {
    const { dir, sidecar, weights } = twoCheckpoints();
    const size = statSync(weights).size;
    truncateSync(weights, size - 10);
    expectRejected(dir, sidecar, new RegExp(`^${escape(weights)}: ${size - 10} bytes but the sidecar records ${size} \\(file truncated or changed\\)$`));
  });

  it("one flipped byte in the optimizer file", () => {
    const { dir, sidecar, optimizer } = twoCheckpoints();
    const bytes = readFileSync(optimizer);
    bytes[bytes.length - 5] ^= 0x01;
    writeFileSync(optimizer, bytes);
    expectRejected(dir, sidecar, new RegExp(`^${escape(optimizer)}: sha256 mismatch \\(file changed or truncated\\)$`));
  });

  it("missing tensor file", () => {
    const { dir, sidecar, optimizer } = twoCheckpoints();
    unlinkSync(optimizer);
    expectRejected(dir, sidecar, new RegExp(`^${escape(optimizer)}: missing`));
  });

  it("missing sidecar", () => {
    const { dir, sidecar } = twoCheckpoints();
    unlinkSync(sidecar);
    expectRejected(dir, sidecar, new RegExp(`^${escape(sidecar)}: missing`));
  });

  it("truncated sidecar JSON", () => {
    const { dir, sidecar } = twoCheckpoints();
    const text = readFileSync(sidecar, "utf8");
    writeFileSync(sidecar, text.slice(0, text.length / 2));
    expectRejected(dir, sidecar, new RegExp(`^${escape(sidecar)}: not valid JSON`));
  });

  /** A parsed sidecar, loosely typed so a test can put wrong values in. */
  type SidecarJson = { [field: string]: unknown; files: { weights: Record<string, unknown>; optimizer: Record<string, unknown> } };
  it.each([
    ["valLoss", (s: SidecarJson) => (s.valLoss = "1.0"), /field valLoss: /],
    ["step", (s: SidecarJson) => (s.step = -1), /field step: /],
    ["optimizerStep", (s: SidecarJson) => (s.optimizerStep = 2.5), /field optimizerStep: /],
    ["files.weights.bytes", (s: SidecarJson) => (s.files.weights.bytes = "12"), /field files\.weights\.bytes: /],
    ["files.optimizer.sha256", (s: SidecarJson) => (s.files.optimizer.sha256 = 42), /field files\.optimizer\.sha256: /],
    ["a file outside the folder", (s: SidecarJson) => (s.files.weights.name = "../step-100.safetensors"), /field files\.weights\.name: /],
    ["a missing field", (s: SidecarJson) => delete s.trainer, /field trainer: /],
    ["an unknown version", (s: SidecarJson) => (s.version = 2), /field version: /],
  ])("sidecar with a wrong field: %s", (_, edit, message) => {
    const { dir, sidecar } = twoCheckpoints();
    const json = JSON.parse(readFileSync(sidecar, "utf8")) as SidecarJson;
    edit(json);
    writeFileSync(sidecar, JSON.stringify(json));
    expectRejected(dir, sidecar, new RegExp(`^${escape(sidecar)}: ${message.source}`));
  });

  /** Replaces step 200's optimizer file and makes the sidecar vouch for it, so only the content checks can object. */
  function forgeOptimizerFile(sidecar: string, optimizer: string, bytes: Uint8Array): void {
    writeFileSync(optimizer, bytes);
    const json = JSON.parse(readFileSync(sidecar, "utf8"));
    json.files.optimizer.bytes = bytes.length;
    json.files.optimizer.sha256 = sha256(bytes);
    writeFileSync(sidecar, JSON.stringify(json));
  }

  it("shape mismatch between a moment and its weight (same element count)", () => {
    const { dir, sidecar, optimizer } = twoCheckpoints();
    const data = new Float32Array(6);
    const forged = encodeSafetensors(
      { "transformer.wte.weight.exp_avg": { dtype: "F32", shape: [3, 2], data }, "transformer.wte.weight.exp_avg_sq": { dtype: "F32", shape: [3, 2], data } },
      { step: "201" },
    );
    forgeOptimizerFile(sidecar, optimizer, forged);
    expectRejected(dir, sidecar, new RegExp(`^${escape(optimizer)}: tensor transformer\\.wte\\.weight\\.exp_avg has shape \\[3, 2\\] but weight transformer\\.wte\\.weight has shape \\[2, 3\\]$`));
  });

  it("a moment without its pair, a moment of no weight, and an optimizer step that disagrees with the sidecar", () => {
    const data = new Float32Array(6);
    const cases: Array<[Parameters<typeof encodeSafetensors>[0], string, RegExp]> = [
      [{ "transformer.wte.weight.exp_avg": { dtype: "F32", shape: [2, 3], data } }, "201", /tensor transformer\.wte\.weight\.exp_avg has no matching transformer\.wte\.weight\.exp_avg_sq/],
      [{ "lm_head.weight.exp_avg": { dtype: "F32", shape: [2, 3], data } }, "201", /tensor lm_head\.weight\.exp_avg is a moment of lm_head\.weight, which is not in /],
      [{ "transformer.wte.weight.momentum": { dtype: "F32", shape: [2, 3], data } }, "201", /tensor transformer\.wte\.weight\.momentum is neither <name>\.exp_avg nor <name>\.exp_avg_sq/],
      [{}, "7", /optimizer step "7" in __metadata__\.step differs from the sidecar's optimizerStep 201/],
    ];
    for (const [tensors, step, message] of cases) {
      const { dir, sidecar, optimizer } = twoCheckpoints();
      forgeOptimizerFile(sidecar, optimizer, encodeSafetensors(tensors, { step }));
      expectRejected(dir, sidecar, new RegExp(`^${escape(optimizer)}: ${message.source}`));
    }
  });

  it("bytes that match their hash but are not safetensors are still refused", () => {
    const { dir, sidecar, optimizer } = twoCheckpoints();
    forgeOptimizerFile(sidecar, optimizer, new Uint8Array([1, 2, 3]));
    expectRejected(dir, sidecar, new RegExp(`^${escape(optimizer)}: 3 bytes, shorter than the 8-byte header length$`));
  });

  it("with no older checkpoint the hint says to delete this one", () => {
    const dir = freshDir();
    saveCheckpoint(dir, smallState(100), { keepLast: 1 });
    truncateSync(join(dir, "step-100.safetensors"), 0);
    const err = inputError(() => loadCheckpoint(join(dir, "step-100.json")));
    expect(err.hint).toBe(`delete step-100.json and its .safetensors files; there is no older checkpoint in ${dir}`);
  });
});

describe("saveCheckpoint refuses an invalid state and writes nothing", () => {
  it.each([
    ["keepLast 0", (s: CheckpointState) => s, 0, /keepLast must be a whole number >= 1, got 0/],
    ["a negative step", (s: CheckpointState) => ({ ...s, step: -1 }), 1, /step must be a whole number >= 0, got -1/],
    ["a fractional step", (s: CheckpointState) => ({ ...s, step: 1.5 }), 1, /step must be a whole number >= 0, got 1\.5/],
    ["a NaN valLoss", (s: CheckpointState) => ({ ...s, valLoss: NaN }), 1, /valLoss must be a finite number or null, got NaN/],
    ["NaN inside the trainer state", (s: CheckpointState) => ({ ...s, trainer: { cursor: { position: NaN } } }), 1, /trainer\.cursor\.position is not JSON data \(NaN\)/],
    ["a typed array inside the config", (s: CheckpointState) => ({ ...s, config: { table: [new Float32Array(2)] } as never }), 1, /config\.table\[0\] is not JSON data \(a Float32Array\)/],
    ["a shape that does not match the data", (s: CheckpointState) => ({ ...s, shapes: { ...s.shapes, "transformer.ln_f.bias": [3] } }), 1, /weight transformer\.ln_f\.bias has 2 values but shape \[3\]/],
    ["a weight without a shape", (s: CheckpointState) => ({ ...s, shapes: { "transformer.wte.weight": [2, 3] } }), 1, /shape of transformer\.h\.0\.attn\.c_attn\.weight must be a list/],
    ["a moment of no weight", (s: CheckpointState) => ({ ...s, optimizer: { ...s.optimizer, m: { lm_head: new Float32Array(1) } } }), 1, /optimizer\.m has lm_head, which is not a weight/],
    ["a moment of the wrong length", (s: CheckpointState) => ({ ...s, optimizer: { ...s.optimizer, v: { ...s.optimizer.v, "transformer.wte.weight": new Float32Array(5) } } }), 1, /optimizer\.v\.transformer\.wte\.weight must be a Float32Array of length 6/],
    ["m without v", (s: CheckpointState) => ({ ...s, optimizer: { ...s.optimizer, v: {} } }), 1, /optimizer\.m has transformer\.wte\.weight but optimizer\.v does not/],
    ["a fractional optimizer step", (s: CheckpointState) => ({ ...s, optimizer: { ...s.optimizer, step: 0.5 } }), 1, /optimizer\.step must be a whole number >= 0, got 0\.5/],
  ])("%s", (_, change, keepLast, message) => {
    const dir = freshDir();
    const err = inputError(() => saveCheckpoint(dir, change(smallState(1)), { keepLast }));
    expect(err.message).toMatch(message);
    expect(existsSync(dir)).toBe(false);
  });
});

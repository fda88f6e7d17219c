/**
 * `npm run bench -- train-step [--json]`: forward + backward + AdamW step on nanoGPT's
 * "baby GPT" CPU config (4 layers, 4 heads, width 128, block 64, batch 12, vocab 65, no
 * dropout), on the TypeScript kernels. Reports tokens/s and achieved GFLOP/s, counting
 * FLOPs per token as nanoGPT's estimate_mfu does (PaLM appendix B): 6N + 12·L·C·T, with N
 * the parameter count nanoGPT reports. Median of several timed steps after a warm-up.
 * Target for issue 4: at least 1,000 tokens/s.
 */
import { countParameters, gptConfig } from "../src/nn/config.js";
import { createGpt, forward } from "../src/nn/gpt.js";
import { adamw, adamwStep, type Parameter } from "../src/optim/index.js";
import { createRng } from "../src/stats/prng.js";
import { backward, zeroGrad } from "../src/tensor/tensor.js";
import { median, timeRuns } from "./timing.js";

const STEPS = 5;

export function trainStepBench(flags: readonly string[] = []): void {
  const config = gptConfig({ vocabSize: 65, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0 });
  const B = 12;
  const T = config.blockSize;
  const model = createGpt(config, 1337);
  const optimizer = adamw(model.parameters as Parameter[], { lr: 1e-3, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 });
  const rng = createRng(0);
  const ids = Int32Array.from({ length: B * T }, () => rng.nextInt(config.vocabSize));
  const targets = Int32Array.from({ length: B * T }, () => rng.nextInt(config.vocabSize));
  const step = () => {
    zeroGrad(model.parameters);
    const { loss } = forward(model, ids, B, T, targets, { training: true, rng });
    backward(loss!);
    adamwStep(optimizer);
  };
  const seconds = median(timeRuns(step, STEPS));
  const tokensPerSecond = (B * T) / seconds;
  const flopsPerToken = 6 * countParameters(config).reported + 12 * config.nLayer * config.nEmbd * T;
  const gflops = (flopsPerToken * tokensPerSecond) / 1e9;
  if (flags.includes("--json")) {
    process.stdout.write(JSON.stringify({ name: "train-step/typescript/baby-gpt", tokens_per_s: tokensPerSecond, gflops }) + "\n");
    return;
  }
  process.stdout.write(`train-step, baby GPT (4×128, block 64, batch 12), forward + backward + AdamW, median of ${STEPS} steps\n`);
  process.stdout.write(`  TypeScript kernels: ${tokensPerSecond.toFixed(0)} tokens/s, ${gflops.toFixed(2)} GFLOP/s (${(seconds * 1000).toFixed(0)} ms per step)\n`);
  process.stdout.write(`    target ≥ 1,000 tokens/s: ${tokensPerSecond >= 1000 ? "met" : "NOT met"}\n`);
  process.stdout.write("  PyTorch: not run (the parity script's timing mode is not written yet)\n");
}

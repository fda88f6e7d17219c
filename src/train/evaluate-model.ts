/**
 * What the trainer and `dojo lab eval` measure on a model, all in eval mode without
 * gradients:
 *   validation loss on windows of blockSize tokens (mean cross-entropy in nats per token,
 *     never z-loss; perplexity = exp(loss)),
 *   exact match on held-out arithmetic prompts by greedy decoding,
 *   samples continued from validation text.
 */
import { forward, IGNORE_INDEX, type Gpt } from "../nn/gpt.js";
import { generate } from "../nn/generate.js";
import { createRng } from "../stats/prng.js";
import { createArena, releaseArena, withArena } from "../tensor/arena.js";
import { noGrad } from "../tensor/tensor.js";
import type { LabTokenizer } from "./lab-tokenizer.js";

/** A held-out arithmetic question: greedy decoding of `prompt` should produce `answer` then a newline. */
export interface ArithmeticPrompt {
  prompt: string;
  answer: string;
}

/** Summed loss over scored tokens: mean = nll / tokens. */
export interface LossTotal {
  nll: number;
  tokens: number;
}

/** Rows per forward pass when scoring many windows. */
const ROWS_PER_PASS = 16;

/**
 * Total next-token loss of windows starting at `offsets` in `stream`: each window scores
 * up to blockSize targets (fewer at the end of the stream; the rest are ignored).
 */
export function windowLoss(model: Gpt, stream: Int32Array, offsets: readonly number[]): LossTotal {
  const T = model.config.blockSize;
  const total: LossTotal = { nll: 0, tokens: 0 };
  const arena = createArena(); // every pass has the same shapes: its buffers are reused
  try {
    noGrad(() => {
      for (let first = 0; first < offsets.length; first += ROWS_PER_PASS) {
        const rows = offsets.slice(first, first + ROWS_PER_PASS);
        const inputs = new Int32Array(rows.length * T);
        const targets = new Int32Array(rows.length * T).fill(IGNORE_INDEX);
        let scored = 0;
        rows.forEach((offset, r) => {
          const length = Math.min(T, stream.length - 1 - offset); // targets need one token after
          inputs.set(stream.subarray(offset, offset + length), r * T);
          targets.set(stream.subarray(offset + 1, offset + 1 + length), r * T);
          scored += Math.max(length, 0);
        });
        if (scored === 0) continue;
        // Cross-entropy alone: z-loss is a training penalty, not part of what is measured.
        total.nll += withArena(arena, () => forward(model, inputs, rows.length, T, targets).crossEntropy!.data[0]) * scored;
        total.tokens += scored;
      }
    });
  } finally {
    releaseArena(arena);
  }
  return total;
}

/**
 * Offsets of `count` windows spread evenly over a stream (a fixed set, so successive
 * evaluations measure the same text), or of every consecutive non-overlapping block when
 * `count` is "all".
 *
 * @example windowOffsets(1000, 64, 4) // [0, 312, 623, 935]
 */
export function windowOffsets(streamLength: number, blockSize: number, count: number | "all"): number[] {
  const last = streamLength - 2; // the last window must score at least one target
  if (last < 0) return [];
  if (count === "all") return Array.from({ length: Math.ceil((streamLength - 1) / blockSize) }, (_, i) => i * blockSize);
  const span = Math.max(0, streamLength - 1 - blockSize); // the last offset whose window is full
  const n = Math.min(count, span + 1); // distinct offsets available
  if (n === 1) return [0];
  return Array.from({ length: n }, (_, i) => Math.round((i * span) / (n - 1)));
}

/**
 * Loss per stream, and their mean weighted by each stream's number of targets (n − 1):
 * with every window ("all") that is exactly the loss per token of all the streams; with
 * a sample of windows per stream it estimates the same number (each stream's mean loss
 * counts as much as its share of the tokens).
 */
export function streamsLoss(model: Gpt, streams: readonly Int32Array[], windows: number | "all"): { loss: number; tokens: number; perStream: number[] } {
  const totals = streams.map((stream) => windowLoss(model, stream, windowOffsets(stream.length, model.config.blockSize, windows)));
  const perStream = totals.map((t) => (t.tokens > 0 ? t.nll / t.tokens : NaN));
  let weighted = 0;
  let weights = 0;
  streams.forEach((stream, i) => {
    if (totals[i].tokens === 0) return;
    weighted += perStream[i] * (stream.length - 1);
    weights += stream.length - 1;
  });
  return { loss: weights > 0 ? weighted / weights : NaN, tokens: totals.reduce((s, t) => s + t.tokens, 0), perStream };
}

/**
 * Share of prompts whose greedy continuation, up to its first newline, equals the answer
 * (null when there are no prompts).
 */
export function arithmeticAccuracy(model: Gpt, tokenizer: LabTokenizer, prompts: readonly ArithmeticPrompt[]): number | null {
  if (prompts.length === 0) return null;
  const rng = createRng(0); // greedy decoding never draws, but generate takes a generator
  let correct = 0;
  for (const { prompt, answer } of prompts) {
    const ids = tokenizer.encode(prompt);
    const maxNew = answer.length + 1; // the digits and the newline, at most one token each
    const context = ids.slice(-(model.config.blockSize - maxNew));
    const continuation = tokenizer.decode(generate(model, context, maxNew, { temperature: 0 }, rng, { kvCache: true }).slice(context.length));
    if (continuation.split("\n")[0] === answer) correct++;
  }
  return correct / prompts.length;
}

/** Continues each prompt by `tokens` tokens (temperature 0.8, top-k 40), seeded so a run's samples are reproducible. */
export function samples(model: Gpt, tokenizer: LabTokenizer, prompts: readonly string[], tokens: number, seed: number): string[] {
  const rng = createRng(seed);
  return prompts.map((prompt) => {
    const ids = tokenizer.encode(prompt).slice(-(model.config.blockSize - 1));
    return tokenizer.decode(generate(model, ids, tokens, { temperature: 0.8, topK: 40 }, rng, { kvCache: true }));
  });
}

/**
 * Prompt–answer pairs as one padded batch for the GPT: the prompt's tokens, then the answer's,
 * each row right-padded to the longest. Only answer tokens are scored: a position's target is
 * the next token when that token belongs to the answer, and the ignore index otherwise, so the
 * same batch gives SFT's masked loss (prompt tokens carry no loss), the answer's sequence
 * log-probability (DPO, RL) and, at the last token, what a reward model reads.
 *
 *   row:     Q: … A:| Karsk.\n|pad…      ids [B, T]
 *   targets: −1 … −1  K a r s k . \n −1  targets [B, T]: tokens[i + 1] where it is an answer token
 */
import { InputError } from "../errors.js";
import { IGNORE_INDEX } from "../nn/gpt.js";
import type { LabTokenizer } from "../train/lab-tokenizer.js";

/** One prompt and the answer written after it ("Q: …\nA:" and " Karsk.\n"). */
export interface Completion {
  prompt: string;
  answer: string;
}

export interface CompletionBatch {
  B: number;
  T: number;
  /** [B, T] token ids, padded with id 0 (never scored, never read by a real token: attention is causal). */
  ids: Int32Array;
  /** [B, T] next-token targets on answer positions, IGNORE_INDEX elsewhere. */
  targets: Int32Array;
  /** [B] index in the row of the sequence's last token (where a reward model reads the hidden state). */
  lastIndex: Int32Array;
  /** [B] answer tokens scored per row. */
  answerTokens: Int32Array;
}

/**
 * Packs completions into one batch. Prompt and answer are encoded separately and joined, so
 * the boundary is exact under any tokenizer. InputError when a sequence exceeds the block.
 *
 * @example packCompletions(tokenizer, [{ prompt: "Q: What is 2+3?\nA:", answer: " 5.\n" }], 96).answerTokens // [4]
 */
export function packCompletions(tokenizer: LabTokenizer, completions: readonly Completion[], blockSize: number): CompletionBatch {
  if (completions.length === 0) throw new Error("packCompletions needs at least one completion");
  const rows = completions.map(({ prompt, answer }) => {
    const promptIds = tokenizer.encode(prompt);
    const answerIds = tokenizer.encode(answer);
    if (promptIds.length === 0 || answerIds.length === 0) throw new InputError(`a completion needs a prompt and an answer, got ${JSON.stringify(prompt)} → ${JSON.stringify(answer)}`);
    return { ids: [...promptIds, ...answerIds], promptLength: promptIds.length };
  });
  const T = Math.max(...rows.map((r) => r.ids.length));
  if (T > blockSize) {
    const longest = completions[rows.findIndex((r) => r.ids.length === T)];
    throw new InputError(`a prompt and its answer take ${T} tokens, more than the model's block of ${blockSize}: ${JSON.stringify(longest.prompt + longest.answer)}`, "cap the answer length (maxAnswerTokens) or use a base model with a larger blockSize");
  }
  const B = rows.length;
  const ids = new Int32Array(B * T);
  const targets = new Int32Array(B * T).fill(IGNORE_INDEX);
  const lastIndex = new Int32Array(B);
  const answerTokens = new Int32Array(B);
  rows.forEach((row, b) => {
    ids.set(row.ids, b * T);
    // Position i predicts token i + 1; it is scored when token i + 1 is part of the answer.
    for (let i = row.promptLength - 1; i < row.ids.length - 1; i++) targets[b * T + i] = row.ids[i + 1];
    lastIndex[b] = row.ids.length - 1;
    answerTokens[b] = row.ids.length - row.promptLength;
  });
  return { B, T, ids, targets, lastIndex, answerTokens };
}

/** Rows per forward pass when scoring many completions. */
const SCORING_BATCH = 32;

/**
 * Applies `score` to consecutive batches of at most 32 completions and joins the results.
 *
 * @example scoreInBatches(completions, (batch) => frozenAnswerLogProbs(model, packCompletions(tokenizer, batch, 96)))
 */
export function scoreInBatches(completions: readonly Completion[], score: (batch: Completion[]) => ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions.length; i += SCORING_BATCH) out.push(...Array.from(score(completions.slice(i, i + SCORING_BATCH))));
  return out;
}

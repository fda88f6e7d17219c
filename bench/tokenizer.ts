/**
 * `npm run bench -- tokenizer`: on ../shared/data/tinyshakespeare.txt (outside the repo;
 * skipped with a note when missing), median of several runs:
 *  1. cl100k_base encode throughput, lmdojo against js-tiktoken in the same run on the same
 *     text, with a check that the ids are identical. Target: ratio ≥ 1.
 *  2. BPE training with 512 merges (vocabSize 768), with the GPT-4 split pattern and without
 *     splitting (seconds).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Tiktoken } from "js-tiktoken/lite";
import cl100kData from "js-tiktoken/ranks/cl100k_base";
import { trainBpe } from "../src/tokenizer/bpe.js";
import { TIKTOKEN_SPLIT_PATTERNS, tiktokenFromRanks } from "../src/tokenizer/tiktoken-ranks.js";
import { formatSeconds, median, timeRuns } from "./timing.js";

const DATA_FILE = fileURLToPath(new URL("../../shared/data/tinyshakespeare.txt", import.meta.url));
const REPEATS = 5;

function row(label: string, ours: string, reference: string, ratio: string): void {
  process.stdout.write(`  ${label.padEnd(36)} ${ours.padStart(12)} ${reference.padStart(12)} ${ratio.padStart(8)}\n`);
}

function encodeBench(text: string): void {
  const ours = tiktokenFromRanks(cl100kData, TIKTOKEN_SPLIT_PATTERNS.cl100k_base);
  const reference = new Tiktoken(cl100kData);
  let ourIds: number[] = [];
  let theirIds: number[] = [];
  const oursSeconds = median(timeRuns(() => (ourIds = ours.encode(text)), REPEATS));
  const theirSeconds = median(timeRuns(() => (theirIds = reference.encode(text)), REPEATS));
  const megabytes = new TextEncoder().encode(text).length / 1e6;
  const ratio = theirSeconds / oursSeconds;
  row("cl100k encode (MB/s)", (megabytes / oursSeconds).toFixed(2), (megabytes / theirSeconds).toFixed(2), `${ratio.toFixed(2)}×`);
  const identical = ourIds.length === theirIds.length && ourIds.every((id, i) => id === theirIds[i]);
  process.stdout.write(`    ${ourIds.length} tokens; ids identical to js-tiktoken: ${identical ? "yes" : "NO"}; target ratio ≥ 1: ${ratio >= 1 ? "met" : "NOT met"}\n`);
}

function trainBench(text: string): void {
  for (const [label, pattern, repeats] of [["GPT-4 split", undefined, 3], ["no split", null, 1]] as const) {
    let merges = 0;
    const seconds = median(timeRuns(() => (merges = trainBpe(text, { vocabSize: 768, pattern }).merges.length), repeats, false));
    row(`BPE train, 512 merges, ${label}`, formatSeconds(seconds), "", "");
    if (merges !== 512) process.stdout.write(`    only ${merges} merges learned\n`);
  }
}

export function tokenizerBench(): void {
  process.stdout.write(`tokenizer (median of ${REPEATS} runs; ratio > 1 means lmdojo is faster)\n`);
  if (!existsSync(DATA_FILE)) {
    process.stdout.write(`  skipped: ${DATA_FILE} not found (the bench runs on tinyshakespeare.txt)\n`);
    return;
  }
  const text = readFileSync(DATA_FILE, "utf8");
  process.stdout.write(`  text: tinyshakespeare.txt, ${text.length} characters\n`);
  row("", "lmdojo", "js-tiktoken", "ratio");
  encodeBench(text);
  trainBench(text);
}

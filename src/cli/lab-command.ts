/**
 * `dojo lab`: pretrain a tiny GPT and look at what happened.
 *   pretrain     train (lab-pretrain.ts)
 *   break        train with a fault injected, or survey every fault (--all)
 *   determinism  fixed against shuffled gradient-sum order, same seed
 *   runs         a table of runs
 *   eval         loss and perplexity of a checkpoint over a whole validation split or file
 *   sample       continue a prompt with a checkpoint
 *   report       write report.md with charts and a postmortem to fill in
 *   sweep        a learning-rate sweep of qk-layernorm and z-loss, with LR sensitivity (lab-sweep.ts)
 */
import { Command } from "commander";
import { DOCUMENT_SEPARATOR } from "../data/paragraphs.js";
import { readTextDocuments } from "../lab/text-documents.js";
import { InputError } from "../errors.js";
import { generate } from "../nn/generate.js";
import { createRng } from "../stats/prng.js";
import { prepareCorpus } from "../lab/corpus.js";
import { streamsLoss } from "../train/evaluate-model.js";
import { writeReport } from "../lab/report.js";
import { findRunFolder, runsFolder } from "../lab/run-folder.js";
import { readRunCheckpoint, restoreModel } from "../lab/run-model.js";
import { formatRunsTable, listRuns, summarizeRun } from "../lab/runs.js";
import { breakCommand, displayPath, pretrainCommand } from "./lab-pretrain.js";
import { determinismCommand } from "./lab-determinism.js";
import { sweepCommand, sweepWorkerCommand } from "./lab-sweep.js";
import { parseCount, parseNumber, parsePositiveInt, parseSeed } from "./options.js";
import { dojoFor, homeOf } from "./workspace-options.js";

export function labCommand(): Command {
  return new Command("lab")
    .description("pretrain a tiny GPT on CPU, break it on purpose and recover, sweep learning rates; evaluate, sample and write the postmortem")
    .addCommand(pretrainCommand())
    .addCommand(breakCommand())
    .addCommand(determinismCommand())
    .addCommand(runsCommand())
    .addCommand(labEvalCommand())
    .addCommand(sampleCommand())
    .addCommand(reportCommand())
    .addCommand(sweepCommand())
    .addCommand(sweepWorkerCommand(), { hidden: true });
}

function runsCommand(): Command {
  return new Command("runs")
    .description("list the runs with status, steps, best validation loss and time")
    .option("--json", "print the runs as a JSON array, newest first")
    .action((flags: { json?: boolean }, command: Command) => {
      const runs = listRuns(runsFolder(homeOf(command)));
      process.stdout.write(flags.json ? JSON.stringify(runs, null, 2) + "\n" : formatRunsTable(runs, dojoFor(command)));
    });
}

/** Parses --step when given. */
function parseStep(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseCount("--step", text);
}

function labEvalCommand(): Command {
  return new Command("eval")
    .description("loss and perplexity of a checkpoint over the whole validation split, in consecutive non-overlapping blocks")
    .argument("<run>", "run id (see dojo lab runs) or run folder")
    .option("--data <file>", "score this text file (all of it) instead of the run's validation split")
    .option("--step <n>", "checkpoint step (default: the newest)")
    .option("--json", 'print {"loss", "perplexity", "tokens"}')
    .action((run: string, flags: { data?: string; step?: string; json?: boolean }, command: Command) => {
      const runDir = findRunFolder(homeOf(command), run);
      const saved = readRunCheckpoint(runDir, parseStep(flags.step));
      const { checkpoint, config, tokenizer } = saved;
      const model = restoreModel(saved);
      const streams = flags.data
        ? [Int32Array.from(tokenizer.encode(readTextDocuments(flags.data, 1).documents.map((d) => d.text).join(DOCUMENT_SEPARATOR)))]
        : prepareCorpus(config, tokenizer.spec).validation;
      const { loss, tokens } = streamsLoss(model, streams, "all");
      if (tokens === 0) throw new InputError(`${flags.data ?? "the validation split"}: no tokens to score`, "the text needs at least two tokens");
      if (flags.json) {
        process.stdout.write(JSON.stringify({ loss, perplexity: Math.exp(loss), tokens }) + "\n");
        return;
      }
      const source = flags.data ?? `validation split of ${config.data.source}`;
      process.stdout.write(`checkpoint step ${checkpoint.step} of ${displayPath(runDir)}\n`);
      process.stdout.write(`${source}: loss ${loss.toFixed(4)} nats/token, perplexity ${Math.exp(loss).toFixed(3)} over ${tokens.toLocaleString("en-US")} tokens\n`);
    });
}

interface SampleFlags {
  prompt: string;
  temperature: string;
  topK?: string;
  topP?: string;
  tokens: string;
  seed: string;
  step?: string;
}

function sampleCommand(): Command {
  return new Command("sample")
    .description("continue a prompt with a run's checkpoint")
    .argument("<run>", "run id (see dojo lab runs) or run folder")
    .option("--prompt <text>", "text to continue", "\n")
    .option("--temperature <t>", "softmax temperature; 0 is greedy", "0.8")
    .option("--top-k <k>", "sample among the k most likely tokens")
    .option("--top-p <p>", "sample among the most likely tokens whose probability reaches p")
    .option("--tokens <n>", "new tokens to generate", "200")
    .option("--seed <s>", "seed of the sampler", "1337")
    .option("--step <n>", "checkpoint step (default: the newest)")
    .action((run: string, flags: SampleFlags, command: Command) => {
      const runDir = findRunFolder(homeOf(command), run);
      const saved = readRunCheckpoint(runDir, parseStep(flags.step));
      const { tokenizer } = saved;
      const model = restoreModel(saved);
      if (flags.prompt === "") throw new InputError("--prompt is empty", 'give some text to continue, e.g. --prompt "ROMEO:"');
      const prompt = tokenizer.encode(flags.prompt); // generate crops the context to the block itself
      const sampling = {
        temperature: parseNumber("--temperature", flags.temperature),
        topK: flags.topK === undefined ? undefined : parsePositiveInt("--top-k", flags.topK),
        topP: flags.topP === undefined ? undefined : parseTopP(flags.topP),
      };
      const ids = generate(model, prompt, parsePositiveInt("--tokens", flags.tokens), sampling, createRng(parseSeed(flags.seed)), { kvCache: true });
      process.stdout.write(tokenizer.decode(ids) + "\n");
    });
}

/** A nucleus-sampling threshold p in (0, 1]. */
function parseTopP(text: string): number {
  const p = parseNumber("--top-p", text);
  if (!(p > 0 && p <= 1)) throw new InputError(`--top-p: expected a probability in (0, 1], got ${text}`);
  return p;
}

function reportCommand(): Command {
  return new Command("report")
    .description("write report.md with SVG charts, the alerts and a postmortem to fill in")
    .argument("<run>", "run id (see dojo lab runs) or run folder")
    .action((run: string, _flags: object, command: Command) => {
      const runDir = findRunFolder(homeOf(command), run);
      const path = writeReport(runDir);
      process.stdout.write(`wrote ${displayPath(path)}\n`);
      const { warning } = summarizeRun(runDir);
      if (warning) process.stderr.write(`dojo: note: ${warning}\n`);
    });
}

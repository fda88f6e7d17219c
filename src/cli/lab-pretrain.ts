/**
 * `dojo lab pretrain`: resolve a config (preset, JSON file, flags) or a run to resume,
 * prepare the data, train with a live progress line, and print a summary that puts the
 * validation loss next to the unigram entropy of the data.
 *
 * `dojo lab break --fault NAME` is the same run with a fault injected (src/lab/faults.ts).
 * A resume with `--step`, `--skip-batches` or `--set` branches: a new run continues from
 * that checkpoint with the changed settings, as an engineer recovers a run by hand.
 */
import { Command } from "commander";
import { readFileSync, rmSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { surveyFaults } from "../lab/fault-survey.js";
import { defaultFaultStep, FAULT_LAB_OVERRIDES, firstAlertsAfter } from "../lab/fault-run.js";
import { packagePath } from "../package-root.js";
import type { AlertEvent } from "../train/events.js";
import { InputError } from "../errors.js";
import { listCheckpoints } from "../lab/checkpoint.js";
import { prepareCorpus, type PreparedCorpus } from "../lab/corpus.js";
import { describeOutcome, newestLoadableCheckpoint, nextCommands } from "../lab/outcome.js";
import { checkpointsFolder, createRunFolder, findRunFolder, lockRun, readEvents, repairEventLog, runFolderSink } from "../lab/run-folder.js";
import { readRunCheckpoint } from "../lab/run-model.js";
import { formatDuration } from "../lab/runs.js";
import type { CheckpointState } from "../train/checkpoint-state.js";
import { overrideConfig, parseConfigFile, parseSetting, resolveConfig, type ConfigOverrides, type PresetName, type TrainConfig } from "../train/config.js";
import { faultHooks, FAULTS, withFault } from "../lab/faults.js";
import { FAULT_NAMES } from "../train/fault-names.js";
import { resolveBackend } from "../tensor/backend.js";
import { parseTrainerState, train, type TrainProgress, type TrainResult } from "../train/trainer.js";
import type { TornLine } from "../workspace/jsonl.js";
import { parseChoice, parseCount, parsePositiveInt, parseSeed } from "./options.js";
import { dojoFor, homeOf, workspaceFor } from "./workspace-options.js";

interface PretrainFlags {
  preset?: string;
  config?: string;
  data?: string;
  tokenizer?: string;
  steps?: string;
  seed?: string;
  threads?: string;
  backend?: string;
  resume?: string;
  fault?: string;
  at?: string;
  window?: string;
  onSpike?: string;
  skipBatches?: string;
  step?: string;
  set?: string[];
}

/** The flags a run's recovery takes, on pretrain and break alike. */
function withRunFlags(command: Command): Command {
  return command
    .option("--preset <name>", "tiny (about 10 seconds; the default) or baby (nanoGPT's baby GPT, 2000 steps, about 3 minutes)")
    .option("--config <file>", "JSON file overriding preset fields, e.g. {\"model\": {\"nLayer\": 3}}")
    .option("--data <source>", "synthetic (generated corpus) or the path of a UTF-8 text file")
    .option("--tokenizer <kind>", "char or bpe")
    .option("--steps <n>", "optimizer steps (the cosine decay ends at the last step)")
    .option("--seed <s>", "seed of the weights, data split, batches and samples")
    .option("--threads <n>", "kernel threads, 1 or 2 (a worker thread shares the large matmuls and, on wasm, attention)")
    .option("--backend <name>", "kernels: wasm (WebAssembly SIMD), ts, or auto (default: $LMDOJO_BACKEND, else the fastest built)")
    .option("--on-spike <action>", "on a loss-spike alert: none (the default), rollback (restore a snapshot from before it and skip batches, PaLM's recipe) or lower-lr (restore and halve the learning rate)")
    .option("--skip-batches <k>", "with --on-spike rollback: batches to skip after rolling back (default 200); with --resume: batches to skip before continuing")
    .option("--resume <run>", "continue a run (id or folder) from its newest checkpoint")
    .option("--step <n>", "with --resume: continue from the checkpoint at this step instead (a new run branches from it)")
    .option("--set <field=value>", "with --resume: change a setting, e.g. optimizer.lr=0.001 or fault=null (repeatable; a new run branches)", (value: string, all: string[] = []) => [...all, value]);
}

export function pretrainCommand(): Command {
  return withRunFlags(new Command("pretrain").description("pretrain a tiny GPT from scratch on CPU, logging everything to a run folder"))
    .addHelpText(
      "after",
      "\nExamples:\n  dojo lab pretrain --preset tiny\n  dojo lab pretrain --preset baby --data ../shared/data/tinyshakespeare.txt --tokenizer char\n  dojo lab pretrain --resume 20261121-073015-baby\n  dojo lab pretrain --resume 20261121-073015-tiny --step 250 --skip-batches 100 --set optimizer.lr=0.001\n\nThe run folder (dojo lab runs lists them) holds config.json, events.jsonl and checkpoints/.\n",
    )
    .action(runAction);
}

/** `dojo lab break`: a pretraining run with a fault injected on purpose. */
export function breakCommand(): Command {
  return withRunFlags(new Command("break").description("train with a fault injected on purpose, watch the detectors, and read the runbook"))
    .option("--fault <name>", `the fault: ${FAULT_NAMES.join(", ")}`)
    .option("--all", "run every fault in the standard run (and a healthy one), with rollback where the loss spikes, and write the survey's report")
    .option("--at <step>", "the step a timed fault starts at (default: a third of the way, step 100 of the standard 300)")
    .option("--window <batches>", "batches a data fault corrupts (default 50)")
    .addHelpText(
      "after",
      "\nExamples:\n  dojo lab break --fault lr-x10 --at 100\n  dojo lab break --all --seed 1\n  dojo lab break --fault shard-random --at 300 --on-spike rollback\n  dojo lab break --fault eval-tokenizer\n\nEach fault's page is content/runbook/<name>.md: mechanism, symptoms, what to check first, the fix.\n",
    )
    .action(async (flags: PretrainFlags & { all?: boolean }, command: Command) => {
      if (flags.all) return runSurvey(flags, command);
      if (!flags.fault) throw new InputError("dojo lab break needs --fault NAME or --all", `faults: ${FAULT_NAMES.join(", ")}`);
      return runAction(flags, command);
    });
}

async function runSurvey(flags: PretrainFlags, command: Command): Promise<void> {
  const extra = (Object.keys(flags) as Array<keyof PretrainFlags>).filter((key) => key !== "seed" && key !== ("all" as keyof PretrainFlags) && flags[key] !== undefined);
  if (extra.length > 0) throw new InputError(`--all runs the failure lab's standard config; drop --${extra[0]}`, "--seed is the one setting it takes");
  const home = await workspaceFor(command);
  const started = Date.now();
  const survey = await surveyFaults(home, {
    seed: flags.seed ? parseSeed(flags.seed) : 1,
    onRun: (label, index, total) => process.stderr.write(`[${index}/${total}] ${label}  (${formatDuration(Date.now() - started)} so far)\n`),
  });
  process.stdout.write(`survey of ${survey.faults.length} faults written to ${displayPath(join(survey.dir, "report.md"))}\n`);
}

async function runAction(flags: PretrainFlags, command: Command): Promise<void> {
  const home = flags.resume ? homeOf(command) : await workspaceFor(command);
  const branching = flags.resume !== undefined && (flags.step !== undefined || flags.skipBatches !== undefined || flags.set !== undefined);
  const prepared = !flags.resume ? prepareFresh(home, flags) : branching ? prepareBranch(home, flags) : prepareResume(home, flags);
  const { runDir, config, corpus, resume, release } = prepared;
  // Ctrl-C (SIGINT) from here on saves a checkpoint and stops. The handler is in place
  // before the run line is printed: whoever starts a run and reads that line can stop it
  // at once (without a handler, SIGINT would end the process with nothing logged).
  let stopRequested = false;
  const onInterrupt = () => {
    stopRequested = true;
  };
  process.once("SIGINT", onInterrupt);
  const out = process.stdout;
  out.write(`run ${displayPath(runDir)}\n`);
  out.write(describeSetup(config, corpus));
  if (prepared.torn) out.write(`removed a torn last line ${prepared.torn.line} from events.jsonl (left by a process killed while writing it)\n`);
  if (resume) out.write(`resuming after step ${resume.step} of ${config.steps}\n`);

  const progress = progressPrinter(process.stderr.isTTY === true);
  let result: TrainResult;
  try {
    result = await train({
      sink: runFolderSink(runDir, config),
      config,
      corpus,
      resume,
      intervention: faultHooks(config, corpus.tokenizer.vocabSize),
      skipBatches: prepared.skipBatches,
      branchOf: prepared.branchOf,
      onProgress: progress.update,
      shouldStop: () => stopRequested,
    });
  } catch (err) {
    // A new run that failed before its first checkpoint has nothing worth keeping.
    if (!resume && listCheckpoints(checkpointsFolder(runDir)).length === 0) rmSync(runDir, { recursive: true, force: true });
    throw err;
  } finally {
    process.off("SIGINT", onInterrupt);
    progress.finish();
    release();
  }
  if (config.fault) out.write(describeFault(config.fault, runDir));
  out.write(describeResult(result, config, runDir, dojoFor(command)));
  // Stopped by an alert: 1; interrupted (Ctrl-C), as shells report SIGINT: 130.
  if (result.status !== "completed") process.exitCode = result.status === "stopped" ? 1 : 130;
}

interface Prepared {
  runDir: string;
  config: TrainConfig;
  corpus: PreparedCorpus;
  resume?: CheckpointState;
  /** Releases the run's lock, held from here until training ends. */
  release: () => void;
  /** The torn last line of events.jsonl that the resume removed. */
  torn?: TornLine | null;
  /** A branched run: batches to skip first, and where it came from. */
  skipBatches?: number;
  branchOf?: { run: string; step: number };
}

function prepareFresh(home: string, flags: PretrainFlags): Prepared {
  const preset = parseChoice<PresetName>("--preset", flags.preset ?? "tiny", ["tiny", "baby"]);
  // A broken run starts from the failure lab's standard run (which the runbook's claims are measured on).
  const layers: Array<{ overrides: ConfigOverrides; source: string }> = flags.fault ? [{ overrides: FAULT_LAB_OVERRIDES, source: "the failure lab" }] : [];
  if (flags.config) layers.push({ overrides: parseConfigFile(readConfigFile(flags.config), flags.config), source: flags.config });
  const fromFlags: ConfigOverrides = {};
  if (flags.data) fromFlags.data = { source: flags.data };
  if (flags.tokenizer) fromFlags.tokenizer = { kind: parseChoice("--tokenizer", flags.tokenizer, ["char", "bpe"] as const) };
  if (flags.steps) fromFlags.steps = parsePositiveInt("--steps", flags.steps);
  if (flags.seed) fromFlags.seed = parseSeed(flags.seed);
  if (flags.threads) fromFlags.threads = parseChoice("--threads", flags.threads, ["1", "2"] as const) === "1" ? 1 : 2;
  if (flags.onSpike || flags.skipBatches) {
    fromFlags.recovery = {
      ...(flags.onSpike ? { onSpike: parseChoice("--on-spike", flags.onSpike, ["none", "rollback", "lower-lr"] as const) } : {}),
      ...(flags.skipBatches ? { skipBatches: parseCount("--skip-batches", flags.skipBatches) } : {}),
    };
  }
  if (flags.set) throw new InputError("--set changes a resumed run's settings", "for a new run, use --config FILE or the flags");
  layers.push({ overrides: fromFlags, source: "flags" });
  const healthy = resolveConfig(preset, layers);
  const fromPreset = flags.fault ? withFault(healthy, flags.fault, flags.at ? parseCount("--at", flags.at) : defaultFaultStep(healthy.steps), flags.window ? parsePositiveInt("--window", flags.window) : undefined) : healthy;
  // The concrete backend goes into config.json: a resumed run must round as the original did.
  const resolved = { ...fromPreset, backend: resolveBackend(flags.backend ?? (fromPreset.backend === "auto" ? undefined : fromPreset.backend), process.env.LMDOJO_BACKEND) };
  const corpus = prepareCorpus(resolved); // before the run folder, so bad data leaves nothing behind
  // Record the data file's full path and contents hash, so resume and eval find the same text.
  const config = corpus.sourceSha256 === null ? resolved : { ...resolved, data: { ...resolved.data, source: resolve(resolved.data.source), sha256: corpus.sourceSha256 } };
  const { dir } = createRunFolder(home, config, { lmdojo: "0.1.0", node: process.version });
  return { runDir: dir, config, corpus, release: lockRun(dir) };
}

function prepareResume(home: string, flags: PretrainFlags): Prepared {
  const extra = (["preset", "config", "data", "tokenizer", "steps", "seed", "threads", "backend"] as const).filter((key) => flags[key] !== undefined);
  if (extra.length > 0) {
    throw new InputError(`--resume continues a run with its own config; drop --${extra[0]}`, "a resumed run must compute what the uninterrupted run would");
  }
  const runDir = findRunFolder(home, flags.resume!);
  const release = lockRun(runDir); // before anything is read: a live run is refused, a dead one's lock taken over
  try {
    const { checkpoint, config, tokenizer, sidecarPath } = readRunCheckpoint(runDir);
    parseTrainerState(checkpoint.trainer, sidecarPath); // a malformed checkpoint is reported before anything runs
    if (checkpoint.step >= config.steps) throw new InputError(`${runDir}: already trained for all ${config.steps} steps`, "dojo lab report RUN writes its report");
    const corpus = prepareCorpus(config, tokenizer.spec);
    return { runDir, config, corpus, resume: checkpoint, release, torn: repairEventLog(runDir) };
  } catch (err) {
    release();
    throw err;
  }
}

/** A new run that continues another's checkpoint with changed settings or skipped batches. */
function prepareBranch(home: string, flags: PretrainFlags): Prepared {
  const extra = (["preset", "config", "data", "tokenizer", "steps", "seed", "backend", "fault", "at", "window"] as const).filter((key) => flags[key] !== undefined);
  if (extra.length > 0) throw new InputError(`a branched resume keeps the run's config apart from --set (and --threads); drop --${extra[0]}`, "change a setting with --set field=value");
  const parentDir = findRunFolder(home, flags.resume!);
  const step = flags.step === undefined ? undefined : parseCount("--step", flags.step);
  const { checkpoint, config: parentConfig, tokenizer, sidecarPath } = readRunCheckpoint(parentDir, step);
  parseTrainerState(checkpoint.trainer, sidecarPath);
  const settings = (flags.set ?? []).map(parseSetting);
  if (flags.threads) settings.push({ threads: parseChoice("--threads", flags.threads, ["1", "2"] as const) === "1" ? 1 : 2 }); // bit-identical either way
  if (flags.onSpike) settings.push({ recovery: { onSpike: parseChoice("--on-spike", flags.onSpike, ["none", "rollback", "lower-lr"] as const) } });
  const config = overrideConfig(parentConfig, settings, "--set");
  const fixed = (c: TrainConfig) => JSON.stringify([c.model, c.data, c.tokenizer, c.batchSize, c.gradAccumulation, c.backend]);
  if (fixed(config) !== fixed(parentConfig)) {
    throw new InputError("--set cannot change the model, data, tokenizer, batch or backend of a run continued from a checkpoint", "change optimizer, recovery, alerts, steps or fault settings");
  }
  if (checkpoint.step >= config.steps) throw new InputError(`the checkpoint is at step ${checkpoint.step}, not before the run's last step ${config.steps}`, "--set steps=N for a longer run");
  const corpus = prepareCorpus(config, tokenizer.spec);
  const { dir } = createRunFolder(home, config, { lmdojo: "0.1.0", node: process.version });
  const skipBatches = flags.skipBatches === undefined ? undefined : parseCount("--skip-batches", flags.skipBatches);
  return { runDir: dir, config, corpus, resume: checkpoint, release: lockRun(dir), skipBatches, branchOf: { run: basename(parentDir), step: checkpoint.step } };
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? "read error"})`, "--config takes a JSON file");
  }
}


function describeSetup(config: TrainConfig, corpus: PreparedCorpus): string {
  const { model } = config;
  const tokens = (streams: Int32Array[]) => streams.reduce((s, x) => s + x.length, 0).toLocaleString("en-US");
  const lines = [
    `model    ${model.nLayer} layers, ${model.nHead} heads, width ${model.nEmbd}, block ${model.blockSize}; batch ${config.batchSize}×${config.gradAccumulation}, ${config.steps} steps, lr ${config.optimizer.lr}; ${config.backend} kernels`,
    `data     ${config.data.source}: ${corpus.documents.train.toLocaleString("en-US")} train / ${corpus.documents.validation.toLocaleString("en-US")} validation documents, ${tokens(corpus.train)} / ${tokens(corpus.validation)} tokens`,
    `tokens   ${config.tokenizer.kind}, vocabulary ${corpus.tokenizer.vocabSize}; unigram entropy ${corpus.unigramEntropy.toFixed(3)} nats (the loss of a model that ignores context)`,
  ];
  if (corpus.domains.length > 1) lines.push(`mixture  ${corpus.domains.map((d, i) => `${d} ${(corpus.probabilities[i] * 100).toFixed(1)}%`).join(", ")} (temperature ${config.data.mixtureTemperature})`);
  return lines.join("\n") + "\n";
}

function describeFault(fault: NonNullable<TrainConfig["fault"]>, runDir: string): string {
  const alerts = readEvents(runDir).filter((e): e is AlertEvent => e.kind === "alert");
  const first = firstAlertsAfter(alerts, fault.at);
  const caught = first.length === 0 ? "no detector fired" : first.map((a) => `${a.alert} at step ${a.step} (+${a.step - fault.at})`).join(", ");
  return [`fault    ${fault.name}: ${FAULTS[fault.name].title}, injected at step ${fault.at}`, `alerts   ${caught}`, `runbook  ${displayPath(packagePath("content", "runbook", `${fault.name}.md`))}`].join("\n") + "\n";
}

function describeResult(result: TrainResult, config: TrainConfig, runDir: string, dojo: string): string {
  const id = basename(runDir);
  const newest = newestLoadableCheckpoint(runDir); // verified once, for both the outcome and the next commands
  const lines = describeOutcome(result, config.steps, newest, id, displayPath, dojo);
  if (result.lastValLoss !== null) {
    const below = result.unigramEntropy - result.lastValLoss;
    lines.push(`validation loss ${result.lastValLoss.toFixed(4)} (perplexity ${Math.exp(result.lastValLoss).toFixed(2)}), best ${result.bestValLoss!.toFixed(4)}`);
    lines.push(`unigram entropy ${result.unigramEntropy.toFixed(4)}: the model is ${Math.abs(below).toFixed(3)} nats per token ${below >= 0 ? "below" : "ABOVE"} it`);
  }
  lines.push(`next: ${nextCommands(runDir, id, newest).map((args) => `${dojo} ${args}`).join("   ")}`);
  return lines.join("\n") + "\n";
}

/** A live line on a terminal (redrawn at most every 200 ms); a plain line every 10% of the run otherwise. */
function progressPrinter(isTerminal: boolean) {
  let lastDraw = 0;
  let lastDecile = -1;
  const format = (p: TrainProgress) =>
    `step ${p.step}/${p.steps}  loss ${p.loss.toFixed(4)}  val ${p.valLoss === null ? "-" : p.valLoss.toFixed(4)}  ${p.tokensPerSecond.toFixed(0)} tok/s  ETA ${formatDuration(p.etaSeconds * 1000)}`;
  return {
    update(p: TrainProgress): void {
      if (isTerminal) {
        const now = Date.now();
        if (now - lastDraw < 200 && p.step !== p.steps) return;
        lastDraw = now;
        process.stderr.write(`\r${format(p)}\x1b[K`);
        return;
      }
      const decile = Math.floor((p.step * 10) / p.steps);
      if (decile === lastDecile) return;
      lastDecile = decile;
      process.stderr.write(`${format(p)}\n`);
    },
    finish(): void {
      if (isTerminal && lastDraw > 0) process.stderr.write("\n");
    },
  };
}

/** A path relative to the working folder when it is inside it, else absolute. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === "" || shown.startsWith("..") ? resolve(path) : shown;
}

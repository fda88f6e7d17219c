/**
 * `dojo align`: the alignment lab, one subcommand per stage, each its own run folder under
 * `<home>/align/`, plus the whole pipeline in order.
 *   base      pretrain the base model on the world's documents (a lab run)
 *   sft       supervised fine-tuning on demonstrations
 *   pairs     sample answers and label pairs with the labeller
 *   rm        the reward model (Bradley–Terry)
 *   dpo       DPO or IPO against the frozen SFT model
 *   rl        GRPO or RLOO against the reward model with a KL penalty
 *   pipeline  all of it, with the report
 *   resume    continue an interrupted training stage bit for bit
 */
import { Command } from "commander";
import type { AlignConfig, LabellerSettings } from "../align/align-config.js";
import { BASE_OVERRIDES, PIPELINE_LABELLER, stageDefaults } from "../align/align-presets.js";
import { findAlignRun, readAlignConfig } from "../align/align-run.js";
import { alignOverview, formatAlignRuns } from "../align/align-view.js";
import { ALIGN_RUNBOOK_IDS, alignRunbookPage, formatAlignRunbookIndex, formatAlignRunbookPage, readAlignRunbook } from "../align/align-runbook.js";
import { resumeAlignRun, runPairs, runTrainingStage, type StageOutcome } from "../align/align-stages.js";
import { runBase } from "../align/base-run.js";
import { writePipelineReport } from "../align/pipeline-report.js";
import { findPipeline, PipelineInterrupted, runPipeline } from "../align/pipeline.js";
import type { PairsConfig, RmConfig } from "../align/align-config.js";
import { formatDuration } from "../lab/runs.js";
import { resolveBackend } from "../tensor/backend.js";
import { alignDrillCommand } from "./align-drill-command.js";
import { displayPath } from "./lab-pretrain.js";
import { parseChoice, parseNumber, parsePositiveInt, parseSeed } from "./options.js";
import { homeOf, workspaceFor } from "./workspace-options.js";

const BIASES = ["none", "length", "confident", "flattery"] as const;

/** Prints a progress line to stderr every `every` steps. */
function progress(label: string, every = 10) {
  const started = Date.now();
  return (step: number, total: number, metrics: Record<string, number>) => {
    if (step % every !== 0 && step !== total) return;
    const shown = Object.entries(metrics).slice(0, 4).map(([k, v]) => `${k} ${v.toFixed(3)}`).join("  ");
    process.stderr.write(`${label} ${step}/${total}  ${shown}  (${formatDuration(Date.now() - started)})\n`);
  };
}

function done(outcome: StageOutcome, next?: string): void {
  process.stdout.write(`${outcome.status}: ${displayPath(outcome.dir)}\n`);
  if (outcome.status === "interrupted") {
    process.stdout.write(outcome.stage === "pairs" ? "a pairs run is not resumed: start a new one\n" : `continue with: dojo align resume ${outcome.id}\n`);
    process.exitCode = 130; // as shells report SIGINT
  } else if (next) process.stdout.write(`next: ${next.replace("RUN", outcome.id)}\n`);
}

/**
 * Runs `work` with Ctrl-C (SIGINT, also what the web app's Stop sends) turned into a stop
 * request: the stage saves a checkpoint and ends as interrupted.
 */
async function interruptible<T>(work: (shouldStop: () => boolean) => Promise<T>): Promise<T> {
  let stopRequested = false;
  const onInterrupt = () => {
    stopRequested = true;
  };
  process.once("SIGINT", onInterrupt);
  try {
    return await work(() => stopRequested);
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

/** Common training flags of sft, rm, dpo and rl. */
function withTrainingFlags(command: Command): Command {
  return command
    .option("--steps <n>", "optimizer steps")
    .option("--lr <x>", "peak learning rate (warmup, then cosine to a tenth)")
    .option("--seed <s>", "seed of batches, sampling and evaluation")
    .option("--backend <name>", "kernels: wasm, ts or auto");
}

interface TrainingFlags { steps?: string; lr?: string; seed?: string; backend?: string }

function trainingOverrides(flags: TrainingFlags) {
  return {
    ...(flags.steps ? { steps: parsePositiveInt("--steps", flags.steps) } : {}),
    ...(flags.lr ? { lr: parseNumber("--lr", flags.lr) } : {}),
    ...(flags.seed ? { seed: parseSeed(flags.seed) } : {}),
    backend: resolveBackend(flags.backend, process.env.LMDOJO_BACKEND),
  };
}

/** The world of a parent align run (every stage shares its parent's). */
function worldOf(home: string, run: string): AlignConfig["world"] {
  return readAlignConfig(findAlignRun(home, run)).world;
}

function labellerFlags(flags: { bias?: string; q?: string; strength?: string; noise?: string }): LabellerSettings {
  return {
    q: flags.q ? parseNumber("--q", flags.q) : PIPELINE_LABELLER.q,
    bias: flags.bias ? parseChoice("--bias", flags.bias, BIASES) : PIPELINE_LABELLER.bias,
    strength: flags.strength ? parseNumber("--strength", flags.strength) : PIPELINE_LABELLER.strength,
    noise: flags.noise ? parseNumber("--noise", flags.noise) : PIPELINE_LABELLER.noise,
  };
}

function withLabellerFlags(command: Command): Command {
  return command
    .option("--bias <kind>", `the labeller's bias: ${BIASES.join(", ")} (default ${PIPELINE_LABELLER.bias})`)
    .option("--q <p>", `probability the labeller decides by correctness (default ${PIPELINE_LABELLER.q})`)
    .option("--strength <b>", `how strongly it follows its bias otherwise, 0..1 (default ${PIPELINE_LABELLER.strength})`)
    .option("--noise <e>", `label flip probability (default ${PIPELINE_LABELLER.noise})`);
}

export function alignCommand(): Command {
  const align = new Command("align").description("post-train a tiny GPT where the truth is known: SFT, preference pairs, a reward model, DPO and online RL");

  align.addCommand(
    new Command("base")
      .description("pretrain the base model on a generated world's documents (a lab run; about 4 minutes)")
      .option("--world-seed <s>", "seed of the world", "0")
      .option("--steps <n>", `pretraining steps (default ${BASE_OVERRIDES.steps})`)
      .option("--backend <name>", "kernels: wasm, ts or auto")
      .action(async (flags: { worldSeed: string; steps?: string; backend?: string }, command: Command) => {
        const home = await workspaceFor(command);
        const world = stageDefaults(parseSeed(flags.worldSeed, "--world-seed")).sft.world;
        const report = progress("base", 100);
        const result = await interruptible((shouldStop) => runBase(home, world, { backend: resolveBackend(flags.backend, process.env.LMDOJO_BACKEND), steps: flags.steps ? parsePositiveInt("--steps", flags.steps) : undefined, onProgress: (p) => report(p.step, p.steps, { loss: p.loss }), shouldStop }));
        process.stdout.write(`${result.status}: ${displayPath(result.dir)}\n`);
        if (result.status === "completed") process.stdout.write(`next: dojo align sft --base ${result.id}\n`);
        else process.exitCode = 130;
      }),
  );

  align.addCommand(
    withTrainingFlags(new Command("sft").description("supervised fine-tuning on demonstrations, loss on answer tokens only"))
      .requiredOption("--base <run>", "the lab run pretrained on the world's documents (dojo align base)")
      .option("--world-seed <s>", "seed of the world the base run was trained on", "0")
      .action(async (flags: TrainingFlags & { base: string; worldSeed: string }, command: Command) => {
        const home = await workspaceFor(command);
        const defaults = stageDefaults(parseSeed(flags.worldSeed, "--world-seed")).sft;
        done(await interruptible((shouldStop) => runTrainingStage(home, { ...defaults, ...trainingOverrides(flags), base: flags.base }, { onProgress: progress("sft"), shouldStop })), "dojo align pairs --policy RUN");
      }),
  );

  align.addCommand(
    withLabellerFlags(new Command("pairs").description("sample answers from a policy and label every two with the labeller"))
      .requiredOption("--policy <run>", "the sft run that answers")
      .option("--answers <k>", "answers per prompt (2..8)", String(stageDefaults(0).pairs.answersPerPrompt))
      .option("--seed <s>", "seed of sampling and labelling")
      .option("--backend <name>", "kernels: wasm, ts or auto")
      .action(async (flags: { policy: string; answers: string; seed?: string; backend?: string; bias?: string; q?: string; strength?: string; noise?: string }, command: Command) => {
        const home = await workspaceFor(command);
        const world = worldOf(home, flags.policy);
        const config: PairsConfig = {
          ...stageDefaults(world.seed).pairs,
          world,
          policy: flags.policy,
          answersPerPrompt: parsePositiveInt("--answers", flags.answers),
          labeller: labellerFlags(flags),
          backend: resolveBackend(flags.backend, process.env.LMDOJO_BACKEND),
          ...(flags.seed ? { seed: parseSeed(flags.seed) } : {}),
        };
        done(await interruptible((shouldStop) => runPairs(home, config, { onProgress: progress("pairs", 25), shouldStop })), "dojo align rm --pairs RUN");
      }),
  );

  align.addCommand(
    withTrainingFlags(new Command("rm").description("train a reward model on labelled pairs (Bradley–Terry)"))
      .requiredOption("--pairs <run>", "the pairs run")
      .option("--init <run>", "the sft run whose weights start the backbone (default: the pairs' policy)")
      .action(async (flags: TrainingFlags & { pairs: string; init?: string }, command: Command) => {
        const home = await workspaceFor(command);
        const pairs = readAlignConfig(findAlignRun(home, flags.pairs, "pairs")) as PairsConfig;
        const config = { ...stageDefaults(pairs.world.seed).rm, world: pairs.world, ...trainingOverrides(flags), init: flags.init ?? pairs.policy, pairs: flags.pairs };
        done(await interruptible((shouldStop) => runTrainingStage(home, config, { onProgress: progress("rm"), shouldStop })), "dojo align rl --rm RUN");
      }),
  );

  align.addCommand(
    withTrainingFlags(new Command("dpo").description("DPO (or IPO) on labelled pairs against the frozen SFT model"))
      .requiredOption("--pairs <run>", "the pairs run")
      .option("--policy <run>", "the sft run to start from and keep as reference (default: the pairs' policy)")
      .option("--beta <b>", "β: the strength of the implicit KL constraint", "0.1")
      .option("--label-smoothing <e>", "conservative DPO: assumed label-flip rate, 0 ≤ ε < 0.5", "0")
      .option("--loss <kind>", "sigmoid (DPO) or ipo", "sigmoid")
      .action(async (flags: TrainingFlags & { pairs: string; policy?: string; beta: string; labelSmoothing: string; loss: string }, command: Command) => {
        const home = await workspaceFor(command);
        const pairs = readAlignConfig(findAlignRun(home, flags.pairs, "pairs")) as PairsConfig;
        const config = { ...stageDefaults(pairs.world.seed).dpo, world: pairs.world, ...trainingOverrides(flags), policy: flags.policy ?? pairs.policy, pairs: flags.pairs, beta: parseNumber("--beta", flags.beta), labelSmoothing: parseNumber("--label-smoothing", flags.labelSmoothing), lossType: parseChoice("--loss", flags.loss, ["sigmoid", "ipo"] as const) };
        done(await interruptible((shouldStop) => runTrainingStage(home, config, { onProgress: progress("dpo"), shouldStop })));
      }),
  );

  align.addCommand(
    withTrainingFlags(new Command("rl").description("online RL against the reward model with a KL penalty to the SFT model (GRPO or RLOO)"))
      .requiredOption("--rm <run>", "the reward model run")
      .option("--policy <run>", "the sft run to start from and keep as reference (default: the reward model's init)")
      .option("--kl-coef <c>", "β of the KL penalty", "0.02")
      .option("--algorithm <name>", "grpo or rloo", "grpo")
      .option("--group <n>", "answers per prompt", "4")
      .action(async (flags: TrainingFlags & { rm: string; policy?: string; klCoef: string; algorithm: string; group: string }, command: Command) => {
        const home = await workspaceFor(command);
        const rm = readAlignConfig(findAlignRun(home, flags.rm, "rm")) as RmConfig;
        const config = { ...stageDefaults(rm.world.seed).rl, world: rm.world, ...trainingOverrides(flags), policy: flags.policy ?? rm.init, rewardModel: flags.rm, klCoef: parseNumber("--kl-coef", flags.klCoef), algorithm: parseChoice("--algorithm", flags.algorithm, ["grpo", "rloo"] as const), groupSize: parsePositiveInt("--group", flags.group) };
        done(await interruptible((shouldStop) => runTrainingStage(home, config, { onProgress: progress("rl"), shouldStop })));
      }),
  );

  align.addCommand(
    withLabellerFlags(new Command("pipeline").description("every stage in order, then the report (about 9 minutes on 2 cores)"))
      .option("--preset <name>", "tiny", "tiny")
      .option("--world-seed <s>", "seed of the world", "0")
      .option("--base <run>", "reuse a finished base run instead of pretraining one")
      .option("--betas <list>", "DPO β values", "0.1,0.5")
      .option("--kl-coefs <list>", "RL KL coefficients", "0.01,0.1")
      .option("--shrink <k>", "divide every stage's steps by k (a quick look)", "1")
      .option("--backend <name>", "kernels: wasm, ts or auto")
      .action(async (flags: { preset: string; worldSeed: string; base?: string; betas: string; klCoefs: string; shrink: string; backend?: string; bias?: string; q?: string; strength?: string; noise?: string }, command: Command) => {
        parseChoice("--preset", flags.preset, ["tiny"] as const);
        const home = await workspaceFor(command);
        const list = (flag: string, text: string) => text.split(",").map((part) => parseNumber(flag, part.trim()));
        const outcome = await interruptible((shouldStop) => runPipeline(home, {
          shouldStop,
          worldSeed: parseSeed(flags.worldSeed, "--world-seed"),
          labeller: labellerFlags(flags),
          betas: list("--betas", flags.betas),
          klCoefs: list("--kl-coefs", flags.klCoefs),
          shrink: parsePositiveInt("--shrink", flags.shrink),
          base: flags.base,
          backend: resolveBackend(flags.backend, process.env.LMDOJO_BACKEND),
          onStage: (name, index, total) => process.stderr.write(`[${index}/${total}] ${name}\n`),
          onProgress: progress("  step", 50),
        })).catch((err: unknown) => {
          if (!(err instanceof PipelineInterrupted)) throw err;
          process.stdout.write(`${err.message}; finish that run with dojo align resume ${err.run} and the later stages one by one (dojo align --help)\n`);
          process.exitCode = 130;
          return null;
        });
        if (outcome === null) return;
        const { dir, record } = outcome;
        const report = writePipelineReport(home, dir);
        process.stdout.write(`pipeline finished in ${formatDuration(record.elapsedMs)}\nreport: ${displayPath(report)}\n`);
      }),
  );

  align.addCommand(
    new Command("runs").description("list the align runs and pipelines").action((_flags: unknown, command: Command) => {
      const { runs, pipelines } = alignOverview(homeOf(command));
      process.stdout.write(formatAlignRuns(runs));
      for (const p of pipelines) process.stdout.write(`pipeline ${p.id}: ${p.hasReport ? `report in align/${p.id}/report.md` : "no report yet"}\n`);
    }),
  );

  align.addCommand(
    new Command("report")
      .description("rewrite a pipeline's report from its runs")
      .argument("<pipeline>", "the pipeline's id (dojo align runs lists them)")
      .action((id: string, _flags: unknown, command: Command) => {
        const home = homeOf(command);
        process.stdout.write(`report: ${displayPath(writePipelineReport(home, findPipeline(home, id)))}\n`);
      }),
  );

  align.addCommand(
    new Command("runbook")
      .description("the runbook of RLHF failures the lab shows: the index, or one page")
      .argument("[id]", `a page: ${ALIGN_RUNBOOK_IDS.join(", ")}`)
      .action((id: string | undefined) => {
        process.stdout.write(id === undefined ? `${formatAlignRunbookIndex(readAlignRunbook())}\ndojo align runbook ID prints a page.\n` : formatAlignRunbookPage(alignRunbookPage(id)));
      }),
  );

  align.addCommand(alignDrillCommand());

  align.addCommand(
    new Command("resume")
      .description("continue an interrupted sft, rm, dpo or rl run from its newest checkpoint, bit for bit")
      .argument("<run>", "the align run id")
      .action(async (run: string, _flags: unknown, command: Command) => {
        done(await interruptible((shouldStop) => resumeAlignRun(homeOf(command), run, { onProgress: progress("resume"), shouldStop })));
      }),
  );
  return align;
}


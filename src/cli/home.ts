import { describeDue } from "../drill/queue.js";
import { bestNextCommand, type HomeStatus } from "../home/status.js";
import { plural } from "../report/plural.js";

/**
 * The screen `dojo` prints with no subcommand: the workspace, the best next command, and what
 * lmdojo can do. `dojo` is how suggested commands start (src/home/command.ts: dojoCommand).
 */
export function homeScreen(status: HomeStatus, now: Date, dojo: string): string {
  const next = bestNextCommand(status);
  const due = status.due > 0 ? `${status.due} due now` : "none due now";
  const upcoming = status.nextDue ? `, next ${describeDue(status.nextDue, now)}` : "";
  const run = status.lastRun;
  const lastRun = run
    ? `${run.id} · ${run.status} · step ${run.stepsDone}/${run.stepsTotal}${run.bestValLoss === null ? "" : ` · best val loss ${run.bestValLoss.toFixed(4)}`}`
    : "none yet";
  return [
    "lmdojo: practice for LLM research scientist and research engineer interviews",
    "",
    `Cards:     ${status.cards} in ${plural(status.areas, "area")}, ${plural(status.answered, "answer")} so far; ${due}${upcoming}`,
    ...(status.bankProblems > 0 ? [`           ${plural(status.bankProblems, "problem")} in the bank: ${dojo} cards check`] : []),
    `Katas:     ${status.katasDue.length > 0 ? `${status.katasDue.length} due now (${status.katasDue.slice(0, 3).join(", ")}${status.katasDue.length > 3 ? ", …" : ""})` : "none due now"}`,
    `Incidents: ${status.incidentsDue > 0 ? `${status.incidentsDue} due now` : "none due now"}`,
    `Last run:  ${lastRun}`,
    "",
    `Next:      ${dojo} ${next.args}    (${next.why})`,
    "",
    "What you can do:",
    "  dojo serve [--open]                          all of the below in your browser, on this machine (npm start)",
    "  dojo drill [--area A] [--new N] [--editor]   answer interview questions, check the rubric, spaced repetition (FSRS)",
    "  dojo mock [--minutes 45] [--role R]          a timed mock interview in four segments",
    "  dojo progress                                per area: seen, retention, due, rubric coverage, trend",
    "  dojo cards list|show ID|check                browse the question bank",
    "  dojo kata list|start|check|interview KATA    implement softmax, attention, AdamW, DPO... judged by hidden tests",
    "  dojo incident [--fault F] [--list]           on call: diagnose a broken training run (or a healthy one) from its curves",
    "  dojo eval qa|lm|code|rank|pref FILE.jsonl    metrics with 95% confidence intervals",
    "  dojo ablate FILE...                          ablation delta table, confound flags, justified conclusion",
    "  dojo export FILE / dojo import FILE          your practice history as JSON",
    "  dojo calc memory|flops|zero|kv|...           systems arithmetic with the formula and paper behind every number",
    "  dojo lab pretrain [--preset tiny|baby]       pretrain a tiny GPT on CPU with full logging and checkpoints",
    "  dojo lab runs|eval|sample|report RUN         list runs, score or sample a checkpoint, write the postmortem report",
    "",
    `Help: ${dojo} help, ${dojo} <command> --help`,
    "",
  ].join("\n");
}

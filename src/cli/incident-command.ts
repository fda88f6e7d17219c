import { Command } from "commander";
import { loadReviewStates } from "../drill/history.js";
import type { Prompter } from "../drill/prompter.js";
import { describeDue } from "../drill/queue.js";
import { seedFromClock } from "../drill/mock.js";
import { INCIDENT_IDS, parseIncidentId, type IncidentId } from "../lab/incidents/catalogue.js";
import { askIncident } from "../lab/incidents/session.js";
import { ensureIncidentRun, incidentRunState } from "../lab/incidents/generate.js";
import { incidentHistory, pickIncident, type IncidentContext } from "../lab/incidents/practice.js";
import { formatIncidentHistory } from "../lab/incidents/text-report.js";
import { terminalPrompter } from "./clack-prompter.js";
import { linePrompter } from "./line-prompter.js";
import { createProgress } from "./progress.js";
import { displayPath } from "./lab-pretrain.js";
import { dojoFor, homeOf, withStore } from "./workspace-options.js";

/**
 * `dojo incident`: on call. The next due incident (or a new one, or a random one; `--fault`
 * picks it), its run generated on first use, then the curves, alerts, last events and config
 * diff, the answer (diagnosis, first check, first action, rationale) and the reveal.
 */
export function incidentCommand(): Command {
  return new Command("incident")
    .description("on call: read a training run's curves, alerts and config diff, diagnose the fault (or none), pick the first check and action")
    .option("--fault <name>", `drill this incident: healthy or a fault (${INCIDENT_IDS.slice(1).join(", ")})`)
    .option("--list", "the history of answers and the state of the queue")
    .option("--prepare", "generate the runs of the incidents (all, or the one --fault names) ahead of time, without a drill")
    .addHelpText(
      "after",
      "\nExamples:\n  dojo incident\n  dojo incident --fault healthy\n  dojo incident --list\n  dojo incident --prepare\n\nAn incident's run is generated once (about 10 s) under incidents/ in the workspace and replayed after.\nIts runbook page is content/runbook/<fault>.md.\n",
    )
    .action(async (flags: { fault?: string; list?: boolean; prepare?: boolean }, command: Command) => {
      const picked = flags.fault === undefined ? undefined : parseIncidentId(flags.fault, "--fault");
      if (flags.list) return listAction(command);
      if (flags.prepare) return prepareAction(command, picked === undefined ? INCIDENT_IDS : [picked]);
      await withStore(command, async (db) => {
        const ctx: IncidentContext = { db, home: homeOf(command), now: () => new Date() };
        const { id, reason } = picked === undefined ? pickIncident(loadReviewStates(db), ctx.now(), seedFromClock(ctx.now())) : { id: picked, reason: "chosen" as const };
        const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
        const lines = interactive ? null : linePrompter();
        const prompter: Prompter = lines ?? terminalPrompter();
        try {
          const intro = { due: "an incident due for review", new: "an incident you have not seen", review: "an incident ahead of its schedule (none is due)", chosen: `incident ${id}, as asked` }[reason];
          prompter.show("dojo incident", `You are on call: ${intro}.`);
          if (incidentRunState(ctx.home, id).state !== "ready") process.stderr.write("Preparing the incident's run (generated once, about 10 s, then replayed)...\n");
          const progress = createProgress("Preparing the incident's run");
          const dir = await ensureIncidentRun(ctx.home, id, { onProgress: (p) => progress.update(p.step, p.steps) });
          progress.finish();
          const done = await askIncident(ctx, prompter, id, {});
          if (done === null) {
            process.stdout.write("\nStopped: nothing was stored.\n");
            return;
          }
          const schedule = done.state ? `Rated ${done.ratingName}: due ${describeDue(done.state.due, ctx.now())}.` : "Not due yet, so this was practice: the schedule is unchanged.";
          process.stdout.write(`\n${schedule}\nThe run: ${displayPath(dir)} (${dojoFor(command)} lab report ${displayPath(dir)} writes its report). History: ${dojoFor(command)} incident --list\n`);
        } finally {
          lines?.close();
        }
      });
    });
}

function listAction(command: Command): Promise<void> {
  return withStore(command, (db) => {
    const now = new Date();
    const { attempts, queue } = incidentHistory(db, now);
    process.stdout.write(formatIncidentHistory(attempts, queue, (at) => describeDue(at, now)));
  });
}

async function prepareAction(command: Command, ids: readonly IncidentId[]): Promise<void> {
  const home = homeOf(command);
  for (const id of ids) {
    const started = Date.now();
    const progress = createProgress(`Generating incident ${id}`, process.stderr, 0);
    await ensureIncidentRun(home, id, { onProgress: (p) => progress.update(p.step, p.steps) });
    progress.finish();
    process.stdout.write(`${id}: ready (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
}

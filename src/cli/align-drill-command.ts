import { Command } from "commander";
import { askAlignDrill, newestPipeline } from "../align/align-drill-session.js";
import { pickAlignDrill } from "../align/align-drill-schedule.js";
import { alignDrills } from "../align/align-drills.js";
import { loadReviewStates } from "../drill/history.js";
import type { Prompter } from "../drill/prompter.js";
import { describeDue } from "../drill/queue.js";
import { terminalPrompter } from "./clack-prompter.js";
import { linePrompter } from "./line-prompter.js";
import { homeOf, withStore } from "./workspace-options.js";

/**
 * `dojo align drill`: one question about a pipeline's own numbers (the due one, else a new
 * one, else the next to come due), its evidence, the model answer and rubric, and the user's
 * rating, saved in the common review queue.
 */
export function alignDrillCommand(): Command {
  return new Command("drill")
    .description("a question about a pipeline's own numbers (ship this checkpoint? is it better?), answered and rated in the review queue")
    .option("--pipeline <id>", "the pipeline to ask about (default: the newest)")
    .addHelpText("after", "\nExamples:\n  dojo align drill\n  dojo align drill --pipeline 20261207-080000-pipeline\n")
    .action(async (flags: { pipeline?: string }, command: Command) => {
      const home = homeOf(command);
      const pipeline = flags.pipeline ?? newestPipeline(home);
      const drills = alignDrills(home, pipeline);
      await withStore(command, async (db) => {
        const now = () => new Date();
        const picked = pickAlignDrill(drills, loadReviewStates(db), now());
        if (picked === null) {
          process.stdout.write(`Pipeline ${pipeline} has no drill: its runs lack the evaluations the drills read.\n`);
          return;
        }
        const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
        const lines = interactive ? null : linePrompter();
        const prompter: Prompter = lines ?? terminalPrompter();
        try {
          const intro = { due: "a drill due for review", new: "a drill you have not answered", review: "a drill ahead of its schedule (none is due)" }[picked.reason];
          prompter.show("dojo align drill", `Pipeline ${pipeline}: ${intro}.`);
          const done = await askAlignDrill(db, prompter, picked.drill, now);
          if (done === null) {
            process.stdout.write("\nStopped: nothing was stored.\n");
            return;
          }
          const name = done.rating[0].toUpperCase() + done.rating.slice(1);
          process.stdout.write(done.state ? `\nRated ${name}: due ${describeDue(done.state.due, now())}.\n` : "\nNot due yet, so this was practice: the schedule is unchanged.\n");
        } finally {
          lines?.close();
        }
      });
    });
}

import { Command } from "commander";
import { InputError } from "../errors.js";
import { createInterface } from "node:readline";
import { formatDuration } from "../drill/practice.js";
import { findKata, languageOf } from "../katas/catalogue.js";
import { functionName, LANGUAGE_NAMES } from "../katas/kata.js";
import { interviewSummary, startInterview } from "../katas/interview.js";
import { checkKata, readSolution, revealSolution, withoutHint } from "../katas/practice.js";
import { formatCheck, formatDebrief, formatStatement } from "../katas/text-report.js";
import type { RatedRound } from "../katas/schedule.js";
import { contextOf, describeRound, validKatas } from "./kata-command.js";
import { parsePositiveInt } from "./options.js";
import { homeOf, withStore } from "./workspace-options.js";

const KEYS = "Enter: run the tests (results only, no hints) · d: done, hand it in · q: give up";

/**
 * `dojo kata interview <kata>`: the coding round as an interview runs it. A fresh copy of the
 * starter, the kata's time budget, tests on demand without hints; at the end (or when the
 * time is up) the full result, the reference, the common bugs and a follow-up to answer.
 */
export function kataInterviewCommand(): Command {
  return new Command("interview")
    .description("timed interview mode: the kata's budget, tests without hints, then the reference, the bugs and a follow-up")
    .argument("<kata>", "kata slug")
    .option("--lang <lang>", "py (Python with NumPy) or ts (TypeScript)", "py")
    .option("--minutes <n>", "the time budget (default: the kata's)")
    .action(async (slug: string, flags: { lang: string; minutes?: string }, command: Command) => {
      const kata = findKata(validKatas(), slug);
      const lang = languageOf(flags.lang);
      const minutes = flags.minutes === undefined ? kata.minutes : parsePositiveInt("--minutes", flags.minutes);
      if (minutes > 120) throw new InputError(`--minutes: ${minutes} is more than an interview lasts`, "use at most 120");
      await withStore(command, async (db) => {
        const ctx = contextOf(db, command);
        const session = startInterview(homeOf(command), kata, lang, minutes, ctx.now());
        const out = (s: string) => process.stdout.write(s);
        out(formatStatement(kata));
        out(`\nInterview: ${minutes} min. Your file, fresh from the starter: ${session.path}\n`);
        out(`Implement ${kata.functions.map((f) => functionName(f, lang)).join(", ")} in ${LANGUAGE_NAMES[lang]}.\n${KEYS}\n`);

        const reader = createInterface({ input: process.stdin, terminal: false });
        const lines = reader[Symbol.asyncIterator]();
        // One read at a time: a read cut short by the deadline stays pending for the next question.
        let pending: Promise<IteratorResult<string>> | null = null;
        const read = async (): Promise<string | null> => {
          const result = await (pending ??= lines.next());
          pending = null;
          return result.done ? null : result.value;
        };
        /** The next line typed; "time" at the deadline, "end" at the end of input. */
        const nextLine = async (): Promise<string | "time" | "end"> => {
          const left = session.deadline.getTime() - Date.now();
          if (left <= 0) return "time";
          let timer: NodeJS.Timeout | undefined;
          const timeUp = new Promise<"time">((resolve) => (timer = setTimeout(() => resolve("time"), left)));
          const first = await Promise.race([read().then((line) => line ?? "end"), timeUp]);
          clearTimeout(timer);
          return first;
        };
        let rated: RatedRound | null = null;
        const check = async () => {
          const outcome = await checkKata(ctx, kata, lang, readSolution(session.path), { mode: "interview", sessionId: session.id });
          rated = outcome.round ?? rated;
          return outcome.check;
        };

        let handedIn = true;
        for (;;) {
          out(`\n[${formatDuration(Math.max(0, session.deadline.getTime() - Date.now()))} left] > `);
          const line = await nextLine();
          if (line === "time" || line === "end") {
            out(`\n${line === "time" ? "Time is up" : "Input ended"}: handing in ${session.path}.\n`);
            break;
          }
          const key = line.trim().toLowerCase();
          if (key === "q") {
            handedIn = false;
            break;
          }
          if (key === "d") break;
          const result = await check();
          out(formatCheck(withoutHint(result.result)));
        }
        if (handedIn) {
          out("\nThe final check, with hints:\n");
          out(formatCheck((await check()).result));
        }
        const reveal = revealSolution(ctx, kata, { giveUp: true });
        rated = reveal.gaveUp ?? rated;
        out(`\nReference solution (${LANGUAGE_NAMES[lang]}):\n\n${reveal.solution[lang]}\n${formatDebrief(kata, { firstFollowup: 1 })}`);
        const followup = kata.followups[0];
        out(`\nFollow-up: ${followup.question}\nYour answer (one line): `);
        const answer = await read();
        if (answer?.trim()) out(`\nA strong answer: ${followup.answer}\n`);
        const summary = interviewSummary(db, session, ctx.now());
        out(`\n${summary.line}${rated ? ` ${describeRound(rated)}` : ""}\n`);
        reader.close();
      });
    });
}

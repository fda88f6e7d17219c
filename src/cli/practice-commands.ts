import { Command } from "commander";
import { readFileSync } from "node:fs";
import { intro, outro } from "@clack/prompts";
import { InputError } from "../errors.js";
import { mean } from "../stats/describe.js";
import { AREAS, KINDS, type Area, type Kind } from "../drill/card.js";
import { listAttempts, loadReviewStates } from "../drill/history.js";
import { INCIDENT_AREA, KATA_AREA, runMock, seedFromClock, type MockSummary, type Role } from "../drill/mock.js";
import { languageOf } from "../katas/catalogue.js";
import { dueKatas } from "../katas/schedule.js";
import { validKatas } from "./kata-command.js";
import { mockReportPath } from "../drill/mock-report.js";
import { practiseCard, type PracticeOutcome } from "../drill/practice.js";
import { areaProgress } from "../drill/progress.js";
import { buildQueue, describeDue, filterCards, nextDue } from "../drill/queue.js";
import { exportHistory, importHistory, writeHistoryFile } from "../drill/transfer.js";
import { preferredEditor, terminalPrompter } from "./clack-prompter.js";
import { plural } from "../report/plural.js";
import { renderTable } from "../report/table.js";
import { parseChoice, parseCount, parseInteger, parsePositiveInt } from "./options.js";
import { dojoFor, homeOf, requireTerminal, validBank, withStore } from "./workspace-options.js";

const percent = (x: number | null) => (x === null ? "-" : `${Math.round(x * 100)}%`);

const EDITOR_FLAG = "write each answer in $VISUAL or $EDITOR instead of typing it in the terminal";

/** The terminal prompter of a session, writing answers in the user's editor with --editor. */
const sessionPrompter = (editor: boolean | undefined) => terminalPrompter({ editor: editor ? preferredEditor() : undefined });

/** `dojo drill`: an interactive spaced-repetition session. */
export function drillCommand(): Command {
  return new Command("drill")
    .description("practise interview questions: due cards first, then new ones, scheduled by FSRS")
    .option("--area <area>", `only this area: ${AREAS.join(", ")}`)
    .option("--kind <kind>", `only this kind: ${KINDS.join(", ")}`)
    .option("--difficulty <d>", "only this difficulty: 1, 2 or 3")
    .option("--new <n>", "at most this many new cards", "10")
    .option("--editor", EDITOR_FLAG)
    .action(async (flags: { area?: string; kind?: string; difficulty?: string; new: string; editor?: boolean }, command: Command) => {
      const filter = {
        area: flags.area === undefined ? undefined : parseChoice<Area>("--area", flags.area, AREAS),
        kind: flags.kind === undefined ? undefined : parseChoice<Kind>("--kind", flags.kind, KINDS),
        difficulty: flags.difficulty === undefined ? undefined : (Number(parseChoice("--difficulty", flags.difficulty, ["1", "2", "3"])) as 1 | 2 | 3),
      };
      const newLimit = parseCount("--new", flags.new);
      const cards = validBank();
      requireTerminal("drill");
      await withStore(command, async (db) => {
        const states = loadReviewStates(db);
        const now = new Date();
        const queue = buildQueue(cards, states, { ...filter, now, newLimit });
        if (queue.length === 0) {
          const next = nextDue(filterCards(cards, filter), states, now);
          const katas = dueKatas(states, now);
          const kataLine = katas.length ? ` ${plural(katas.length, "kata")} due: ${dojoFor(command)} kata interview ${katas[0]}` : "";
          process.stdout.write(`Nothing due now${next ? `; the next card is due ${describeDue(next, now)}` : ""}. New cards: ${dojoFor(command)} drill --new 5.${kataLine}\n`);
          return;
        }
        intro(`dojo drill · ${plural(queue.length, "card")} to practise`);
        const outcomes: PracticeOutcome[] = [];
        const ctx = { db, prompter: sessionPrompter(flags.editor), now: () => new Date(), states };
        for (const [i, card] of queue.entries()) {
          const outcome = await practiseCard(ctx, card, { heading: `${i + 1}/${queue.length}` });
          if (outcome === null) break;
          outcomes.push(outcome);
          if (outcome.quit) break;
        }
        const coverage = outcomes.length ? mean(outcomes.map((o) => o.coverage)) : null;
        outro(`${outcomes.length} answered, mean rubric coverage ${percent(coverage)}. Next: ${dojoFor(command)} progress`);
      });
    });
}

/** `dojo mock`: a timed mock interview in four segments. */
export function mockCommand(): Command {
  return new Command("mock")
    .description("a timed mock interview: foundations, experiment judgment (an incident once one is generated), coding (a kata, then its follow-up), research taste")
    .option("--minutes <m>", "length of the interview", "45")
    .option("--role <role>", "scientist or engineer", "scientist")
    .option("--seed <seed>", "seed for picking questions (default: from the clock, printed at the end)")
    .option("--editor", EDITOR_FLAG)
    .option("--lang <lang>", "the coding segment's language: py (Python with NumPy) or ts (TypeScript)", "py")
    .action(async (flags: { minutes: string; role: string; seed?: string; editor?: boolean; lang: string }, command: Command) => {
      const minutes = parsePositiveInt("--minutes", flags.minutes);
      const lang = languageOf(flags.lang);
      const role = parseChoice<Role>("--role", flags.role, ["scientist", "engineer"]);
      const seed = flags.seed === undefined ? seedFromClock(new Date()) : parseInteger("--seed", flags.seed);
      const cards = validBank();
      requireTerminal("mock");
      await withStore(command, async (db) => {
        intro(`dojo mock · ${role} · ${minutes} minutes · seed ${seed}`);
        const prompter = sessionPrompter(flags.editor);
        const ctx = { db, prompter, now: () => new Date(), states: loadReviewStates(db) };
        const home = homeOf(command);
        const summary = await runMock(ctx, cards, { role, minutes, seed, home, katas: validKatas(), lang, incidents: {} });
        prompter.show("Mock interview summary", formatMockSummary(summary));
        const weakest = summary.weakestAreas[0]?.area;
        const practise =
          weakest === KATA_AREA ? `${dojoFor(command)} kata list` : weakest === INCIDENT_AREA ? `${dojoFor(command)} incident` : `${dojoFor(command)} drill --area ${weakest ?? "AREA"}`;
        outro(`Saved to ${mockReportPath(home, summary.id)}. Your ratings are in the schedule; practise the weakest areas with ${practise}`);
      });
    });
}

/** The end-of-interview summary as text. */
export function formatMockSummary(summary: MockSummary): string {
  const segments = summary.segments.map(
    (s) =>
      `${s.name.padEnd(20)} ${plural(s.questions, "question").padEnd(12)}  coverage ${percent(s.coverage).padStart(4)}  ${s.minutes.toFixed(1)} of ${s.allottedMinutes.toFixed(1)} min` +
      (s.overtimeMinutes > 0 ? `  (${s.overtimeMinutes.toFixed(1)} min over)` : ""),
  );
  const weakest = summary.weakestAreas.map((w) => `${w.area} (${percent(w.coverage)} over ${w.attempts})`);
  return [...segments, "", `Weakest areas: ${weakest.join(", ") || "-"}`, ...(summary.finished ? [] : ["(stopped early)"])].join("\n");
}

/** `dojo progress`: per-area progress, weakest first. */
export function progressCommand(): Command {
  return new Command("progress").description("per area: cards seen, retention, due now, rubric coverage, trend; weakest first").action((_flags, command: Command) =>
    withStore(command, (db) => {
      const now = new Date();
      const rows = areaProgress(validBank(), loadReviewStates(db), listAttempts(db), now);
      const trend = (t: number | null) => (t === null ? "-" : `${t >= 0 ? "+" : ""}${Math.round(t * 100)} pts`);
      process.stdout.write(
        renderTable(
          ["area", "seen", "retention", "due now", "coverage", "trend"],
          rows.map((r) => [r.area, `${r.seen}/${r.cards}`, percent(r.retention), String(r.dueNow), percent(r.coverage), trend(r.trend)]),
        ) + "\nretention: FSRS probability of recall now, over cards seen. trend: last 5 attempts vs the 5 before.\n",
      );
    }),
  );
}

/** `dojo export FILE` and `dojo import FILE`: the whole practice history as JSON. */
export function transferCommands(): Command[] {
  const exportCmd = new Command("export")
    .description("write your whole practice history to a JSON file")
    .argument("<file>", "where to write it")
    .option("--force", "replace FILE even if it is not an lmdojo export")
    .action((file: string, flags: { force?: boolean }, command: Command) =>
      withStore(command, (db) => {
        const history = exportHistory(db, new Date());
        writeHistoryFile(file, history, { force: flags.force === true });
        process.stdout.write(`wrote ${plural(history.attempts.length, "attempt")}, ${plural(history.reviews.length, "card state")}, ${plural(history.mockSessions.length, "mock session")} to ${file}\n`);
      }),
    );
  const importCmd = new Command("import")
    .description("merge a history written by dojo export (nothing is duplicated)")
    .argument("<file>", "a file written by dojo export")
    .action((file: string, _flags, command: Command) => {
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(file, "utf8"));
      } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
        throw new InputError(`${file}: cannot read as JSON (${reason})`, "import a file written by dojo export");
      }
      return withStore(command, (db) => {
        const c = importHistory(db, data, file);
        process.stdout.write(
          `added ${plural(c.attemptsAdded, "attempt")} (${c.attemptsAlreadyThere} already there), updated ${plural(c.reviewsUpdated, "card state")}, added ${plural(c.mockSessionsAdded, "mock session")}\n`,
        );
      });
    });
  return [exportCmd, importCmd];
}

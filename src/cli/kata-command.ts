import { Command } from "commander";
import { describeDue } from "../drill/queue.js";
import { findKata, languageOf, loadKatas } from "../katas/catalogue.js";
import { listChecks } from "../katas/history.js";
import { functionName, KATA_AREAS, LANGUAGE_NAMES, type Kata, type KataArea, type Language } from "../katas/kata.js";
import { formatCheck, formatDebrief, formatStatement } from "../katas/text-report.js";
import { checkKata, findSolutionFile, listKataSummaries, readSolution, revealSolution, startKata, type CheckOutcome, type KataContext } from "../katas/practice.js";
import type { RatedRound } from "../katas/schedule.js";
import { plural } from "../report/plural.js";
import { renderTable } from "../report/table.js";
import { kataInterviewCommand } from "./kata-interview.js";
import { parseChoice } from "./options.js";
import { dojoFor, homeOf, withStore, workspaceFor } from "./workspace-options.js";

/** The valid katas; each invalid one is a warning line on stderr. */
export function validKatas(): Kata[] {
  const { katas, problems } = loadKatas();
  for (const problem of problems) process.stderr.write(`dojo: warning: ${problem}\n`);
  return katas;
}

const langFlag = (value: string | undefined): Language | undefined => (value === undefined ? undefined : languageOf(value));

/** `dojo kata list|show|start|check|solution|history|interview`: the coding round. */
export function kataCommand(): Command {
  const kata = new Command("kata").description("implement small components (softmax, attention, AdamW, DPO...) and have them judged by hidden tests");
  kata
    .command("list")
    .description("list katas: slug, area, difficulty, budget, schedule, checks")
    .option("--area <area>", `only this area: ${KATA_AREAS.join(", ")}`)
    .action(async (flags: { area?: string }, command: Command) => {
      const area = flags.area === undefined ? undefined : parseChoice<KataArea>("--area", flags.area, KATA_AREAS);
      const katas = validKatas();
      await withStore(command, (db) => {
        const now = new Date();
        const rows = listKataSummaries(db, katas, now, area).map((k) => [
          k.slug,
          k.area,
          String(k.difficulty),
          `${k.minutes} min`,
          k.status === "scheduled" && k.due ? `due ${describeDue(k.due, now)}` : k.status,
          k.checks === 0 ? "-" : `${k.checks} (${k.passes} passed)`,
        ]);
        process.stdout.write(renderTable(["kata", "area", "difficulty", "budget", "schedule", "checks"], rows));
        const due = rows.filter((r) => r[4] === "due").length;
        process.stdout.write(`${plural(rows.length, "kata")}${due ? `, ${due} due` : ""}. Start one: ${dojoFor(command)} kata start <kata>\n`);
      });
    });
  kata
    .command("show")
    .description("print a kata's statement, its functions and its edge cases")
    .argument("<kata>", "kata slug, e.g. stable-softmax")
    .action((slug: string, _flags: unknown, command: Command) => {
      const k = findKata(validKatas(), slug);
      process.stdout.write(formatStatement(k));
      process.stdout.write(`\nStart it: ${dojoFor(command)} kata start ${k.slug} [--lang py|ts]   (or timed: ${dojoFor(command)} kata interview ${k.slug})\n`);
    });
  kata
    .command("start")
    .description("copy the kata's starter to katas/<kata>.<py|ts> in the workspace and print its path")
    .argument("<kata>", "kata slug")
    .option("--lang <lang>", "py (Python with NumPy) or ts (TypeScript)", "py")
    .action(async (slug: string, flags: { lang: string }, command: Command) => {
      const k = findKata(validKatas(), slug);
      const lang = languageOf(flags.lang);
      const { path, created } = startKata(await workspaceFor(command), k, lang);
      process.stdout.write(`${created ? "Starter copied to" : "Already started (kept as it is):"} ${path}\n`);
      process.stdout.write(`Implement ${k.functions.map((f) => functionName(f, lang)).join(", ")} there (budget ${k.minutes} min), then: ${dojoFor(command)} kata check ${k.slug}\n`);
    });
  kata
    .command("check")
    .description("run a solution on the kata's hidden tests in a sandbox; exits 1 unless every case passes")
    .argument("<kata>", "kata slug")
    .argument("[file]", "the solution file (default: katas/<kata>.py or .ts in the workspace)")
    .option("--lang <lang>", "py or ts, when the file name does not tell")
    .action(async (slug: string, file: string | undefined, flags: { lang?: string }, command: Command) => {
      const k = findKata(validKatas(), slug);
      const solution = findSolutionFile(homeOf(command), k.slug, { file, lang: langFlag(flags.lang) });
      const code = readSolution(solution.path);
      process.stderr.write(`Checking ${solution.path} (${LANGUAGE_NAMES[solution.lang]}) on ${k.tests.edges.length} edge cases and ${k.tests.random} random ones...\n`);
      const outcome = await withStore(command, (db) => checkKata(contextOf(db, command), k, solution.lang, code));
      process.stdout.write(formatCheck(outcome.check.result) + formatRound(outcome, dojoFor(command)));
      if (outcome.check.verdict !== "passed") process.exitCode = 1;
    });
  kata
    .command("solution")
    .description("show the reference solution, the common bugs and the follow-up questions (after a first check, or with --give-up)")
    .argument("<kata>", "kata slug")
    .option("--lang <lang>", "the language of the reference: py or ts (default: that of your last check)")
    .option("--give-up", "reveal it without a check; the kata is rated Again")
    .action(async (slug: string, flags: { lang?: string; giveUp?: boolean }, command: Command) => {
      const k = findKata(validKatas(), slug);
      const { reveal, lang } = await withStore(command, (db) => ({
        reveal: revealSolution(contextOf(db, command), k, { giveUp: flags.giveUp }),
        lang: langFlag(flags.lang) ?? listChecks(db, k.slug).at(-1)?.lang ?? "py",
      }));
      process.stdout.write(`Reference solution (${LANGUAGE_NAMES[lang]}):\n\n${reveal.solution[lang]}\n${formatDebrief(k)}`);
      if (reveal.gaveUp) process.stdout.write(`\n${describeRound(reveal.gaveUp)}\n`);
    });
  kata
    .command("history")
    .description("list the checks of a kata: when, language, verdict, cases passed, time")
    .argument("<kata>", "kata slug")
    .action(async (slug: string, _flags: unknown, command: Command) => {
      const k = findKata(validKatas(), slug);
      await withStore(command, (db) => {
        const checks = listChecks(db, k.slug);
        const rows = checks.map((c) => [c.checkedAt.toISOString().slice(0, 16).replace("T", " "), c.lang, c.mode, c.verdict, `${c.passed}/${c.total}`, `${Math.round(c.durationMs)} ms`]);
        process.stdout.write(renderTable(["checked (UTC)", "lang", "mode", "verdict", "cases", "judge time"], rows));
        process.stdout.write(`${plural(checks.length, "check")}\n`);
      });
    });
  kata.addCommand(kataInterviewCommand());
  return kata;
}

export const contextOf = (db: KataContext["db"], command: Command): KataContext => ({ db, home: homeOf(command), now: () => new Date() });

/** What the end of a round did to the schedule. */
function formatRound(outcome: CheckOutcome, dojo: string): string {
  const { round, check } = outcome;
  if (check.verdict !== "passed") return `\nFix it and check again, or see the reference: ${dojo} kata solution ${check.slug}\n`;
  if (!round) return "";
  return `\n${describeRound(round)}${round.state ? ` Compare with the reference: ${dojo} kata solution ${check.slug}` : ""}\n`;
}

/** A round's rating in one line: "Rated Hard (passed after failed checks): due in 6 min (...)." */
export function describeRound(round: RatedRound): string {
  const how = { "passed-first-try": "Good (passed on the first check)", "passed-after-failures": "Hard (passed after failed checks)", "gave-up": "Again (gave up)" }[round.outcome];
  return round.state ? `Rated ${how}: due ${describeDue(round.state.due, new Date())}.` : "Not due yet, so this was practice: the schedule is unchanged.";
}

/**
 * A kata as the coding segment of a mock interview, driven through the same Prompter as the
 * card questions: the statement and a fresh file, tests on demand without hints, then the
 * hand-in (the full result, the reference and the common bugs) and the talk-through of its
 * first follow-up. Checks are stored with the mock's id; the segment's coverage is the
 * share of cases the handed-in solution passes.
 */
import type { PracticeContext } from "../drill/practice.js";
import { startInterview } from "./interview.js";
import type { Kata, Language } from "./kata.js";
import { checkKata, readSolution, revealSolution, withoutHint } from "./practice.js";
import { formatCheck, formatDebrief, formatStatement } from "./text-report.js";

export interface MockKataOutcome {
  /** Cases passed by the handed-in solution, as a share of all. */
  coverage: number;
  /** The user stopped the interview. */
  quit: boolean;
}

export async function practiseKataInMock(
  ctx: PracticeContext & { home: string },
  kata: Kata,
  options: { mockId: string; heading: string; lang: Language; minutes: number },
): Promise<MockKataOutcome> {
  const session = startInterview(ctx.home, kata, options.lang, options.minutes, ctx.now());
  ctx.prompter.show(options.heading, `${formatStatement(kata)}\nWrite your solution in ${session.path} (fresh from the starter), then run the tests here.`);
  const kataContext = { db: ctx.db, home: ctx.home, now: ctx.now };
  const check = async () => (await checkKata(kataContext, kata, options.lang, readSolution(session.path), { mode: "mock", sessionId: options.mockId })).check;
  for (;;) {
    const choice = await ctx.prompter.choose(
      `${kata.title}: ${options.minutes} min`,
      [
        { value: "check", label: "Run the tests (results only, no hints)" },
        { value: "done", label: "Hand it in" },
        { value: "quit", label: "Stop the interview" },
      ],
      "check",
    );
    if (choice === null || choice === "quit") return { coverage: 0, quit: true };
    if (choice === "done") break;
    ctx.prompter.show("Tests", formatCheck(withoutHint((await check()).result)));
  }
  const final = await check();
  const reveal = revealSolution(kataContext, kata, { giveUp: true });
  ctx.prompter.show("Handed in", `${formatCheck(final.result)}\nReference solution:\n\n${reveal.solution[options.lang]}\n${formatDebrief(kata, { firstFollowup: 1 })}`);
  const followup = kata.followups[0];
  const answer = await ctx.prompter.answer(`Talk it through: ${followup.question}`, ctx.now());
  if (answer === null) return { coverage: final.passed / final.total, quit: true };
  ctx.prompter.show("A strong answer", followup.answer);
  return { coverage: final.passed / final.total, quit: false };
}

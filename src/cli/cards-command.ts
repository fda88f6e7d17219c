import { Command } from "commander";
import { drawProblem } from "../drill/attempt.js";
import { InputError } from "../errors.js";
import { AREAS, KINDS, type Card } from "../drill/card.js";
import { loadBank } from "../drill/bank.js";
import { checkRubricNumbers } from "../drill/rubric-numbers.js";
import { plural } from "../report/plural.js";
import { renderTable } from "../report/table.js";
import { parseChoice } from "./options.js";
import { validBank } from "./workspace-options.js";

/** `dojo cards list|show|check`: browse and validate the question bank. */
export function cardsCommand(): Command {
  const cards = new Command("cards").description("browse and check the question bank");
  cards
    .command("list")
    .description("list cards: id, kind, difficulty, title")
    .option("--area <area>", `only this area: ${AREAS.join(", ")}`)
    .option("--kind <kind>", `only this kind: ${KINDS.join(", ")}`)
    .action((flags: { area?: string; kind?: string }) => {
      const area = flags.area === undefined ? undefined : parseChoice("--area", flags.area, AREAS);
      const kind = flags.kind === undefined ? undefined : parseChoice("--kind", flags.kind, KINDS);
      const list = validBank().filter((c) => (!area || c.area === area) && (!kind || c.kind === kind));
      process.stdout.write(renderTable(["id", "kind", "difficulty", "title"], list.map((c) => [c.id, c.kind, String(c.difficulty), c.title])));
      process.stdout.write(`${plural(list.length, "card")}\n`);
    });
  cards
    .command("show")
    .description("print one card: question, model answer, rubric, follow-ups, pitfalls, references")
    .argument("<id>", "card id, e.g. objectives/perplexity-what-it-measures")
    .action((id: string) => {
      const card = validBank().find((c) => c.id === id);
      if (!card) throw new InputError(`no card "${id}"`, "dojo cards list shows the ids");
      process.stdout.write(formatCard(card));
      if (card.generator) {
        const example = drawProblem(card, new Date());
        process.stdout.write(`Example of a drawn problem (new numbers at each review):\n  ${example.question}\n\nWorked solution:\n  ${example.solution.split("\n").join("\n  ")}\n`);
      }
    });
  cards
    .command("check")
    .description("validate every card; problems are printed as file: field: message")
    .action(() => {
      const { cards: bank, problems } = loadBank();
      problems.push(...bank.flatMap((card) => checkRubricNumbers(card)));
      const counts = AREAS.map((area) => `${area} ${bank.filter((c) => c.area === area).length}`);
      process.stdout.write(`${bank.length} valid cards: ${counts.join(", ")}\n`);
      if (problems.length > 0) {
        process.stderr.write(problems.map((p) => `${p}\n`).join(""));
        throw new InputError(`${problems.length} card${problems.length === 1 ? "" : "s"} with problems`, "fix the files named above");
      }
    });
  return cards;
}

/** A card as plain text for the terminal. */
export function formatCard(card: Card): string {
  const list = (items: readonly string[]) => items.map((i) => `  - ${i}`).join("\n");
  return [
    `${card.id} · ${card.kind} · difficulty ${card.difficulty}${card.source ? ` · from ${card.source}` : ""}`,
    "",
    `Q: ${card.question}`,
    "",
    card.answer,
    "",
    "Rubric:",
    list(card.rubric),
    "Follow-ups:",
    card.followups.map((f) => `  - ${f.question}\n    ${f.answer}`).join("\n"),
    "Pitfalls:",
    list(card.pitfalls),
    ...(card.references.length ? ["References:", list(card.references)] : []),
    "",
  ].join("\n");
}

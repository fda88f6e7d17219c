import { Command } from "commander";
import { InputError } from "../errors.js";
import { AREAS } from "../drill/card.js";
import { loadBank } from "../drill/bank.js";

/** `dojo cards check`: validates the question bank. */
export function cardsCommand(): Command {
  const cards = new Command("cards").description("browse and check the question bank");
  cards
    .command("check")
    .description("validate every card; problems are printed as file: field: message")
    .action(() => {
      const { cards: bank, problems } = loadBank();
      const counts = AREAS.map((area) => `${area} ${bank.filter((c) => c.area === area).length}`);
      process.stdout.write(`${bank.length} valid cards: ${counts.join(", ")}\n`);
      if (problems.length > 0) {
        process.stderr.write(problems.map((p) => `${p}\n`).join(""));
        throw new InputError(`${problems.length} card${problems.length === 1 ? "" : "s"} with problems`, "fix the files named above");
      }
    });
  return cards;
}

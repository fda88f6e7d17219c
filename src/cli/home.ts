/** The screen `dojo` prints with no subcommand: what works today and what to try next. */
export function homeScreen(bank: { cards: number; areas: number }): string {
  return [
    "lmdojo: practice for LLM research scientist and research engineer interviews",
    "",
    "What you can do today:",
    "  dojo drill [--area A] [--new N]              answer interview questions, check the rubric, spaced repetition (FSRS)",
    "  dojo mock [--minutes 45] [--role R]          a timed mock interview in four segments",
    "  dojo progress                                per area: seen, retention, due, rubric coverage, trend",
    `  dojo cards list|show ID|check                browse the question bank (${bank.cards} cards, ${bank.areas} areas)`,
    "  dojo eval qa|lm|code|rank|pref FILE.jsonl   metrics with 95% confidence intervals",
    "  dojo ablate FILE...                          ablation delta table, confound flags, justified conclusion",
    "  dojo export FILE / dojo import FILE          your practice history as JSON",
    "  dojo calc memory|flops|zero|kv|...           systems arithmetic with the formula and paper behind every number",
    "  dojo lab pretrain [--preset tiny|baby]       pretrain a tiny GPT on CPU with full logging and checkpoints",
    "  dojo lab runs|eval|sample|report RUN         list runs, score or sample a checkpoint, write the postmortem report",
    "",
    "Try next:",
    "  dojo eval qa examples/qa.jsonl --slice category",
    "  dojo drill --new 5",
    "  dojo lab pretrain --preset tiny",
    "",
    "Help: dojo --help, dojo <command> --help",
    "",
  ].join("\n");
}

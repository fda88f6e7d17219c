/** The screen `dojo` prints with no subcommand: what works today and what to try next. */
export function homeScreen(): string {
  return [
    "lmdojo: practice for LLM research scientist and research engineer interviews",
    "",
    "What you can do today:",
    "  dojo eval qa|lm|code|rank|pref FILE.jsonl   metrics with 95% confidence intervals",
    "  dojo ablate FILE...                          ablation delta table, confound flags, justified conclusion",
    "",
    "Try next:",
    "  dojo eval qa examples/qa.jsonl --slice category",
    "",
    "Help: dojo --help, dojo <command> --help",
    "",
  ].join("\n");
}

import type { Command } from "commander";
import { InputError } from "../errors.js";
import { loadBank } from "../drill/bank.js";
import type { Card } from "../drill/card.js";
import { openStore, storeError, type Db } from "../store/open.js";
import { databasePath, workspaceHome } from "../workspace/paths.js";

/** The workspace folder for a command: its --home, else $LMDOJO_HOME, else ~/.lmdojo. */
export function homeOf(command: Command): string {
  return workspaceHome(command.optsWithGlobals<{ home?: string }>().home);
}

/** Opens the workspace's database, runs `work`, and always closes it; SQLite failures become one line. */
export async function withStore<T>(command: Command, work: (db: Db) => Promise<T> | T): Promise<T> {
  const path = databasePath(homeOf(command));
  const db = openStore(path);
  try {
    return await work(db);
  } catch (err) {
    throw storeError(path, err);
  } finally {
    db.close();
  }
}

/** The question bank, or one InputError if any card is invalid. */
export function validBank(): Card[] {
  const { cards, problems } = loadBank();
  if (problems.length) throw new InputError(`the question bank has ${problems.length} invalid card(s), first: ${problems[0]}`, "run dojo cards check");
  return cards;
}

/** Interactive sessions need a terminal to type into. */
export function requireTerminal(name: string): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new InputError(`dojo ${name} is interactive and needs a terminal`, "run it in a terminal, not with piped input or output");
  }
}

import { confirm, isCancel } from "@clack/prompts";
import type { Command } from "commander";
import { InputError } from "../errors.js";
import { CONTENT_DIR, loadBank } from "../drill/bank.js";
import type { Card } from "../drill/card.js";
import { openStore, storeError, type Db } from "../store/open.js";
import { dojoCommand } from "../home/command.js";
import { databasePath, workspaceHome, workspaceState } from "../workspace/paths.js";

/** The workspace folder a command was given (--home, LMDOJO_HOME or the default); a file is refused. */
export function homeOf(command: Command): string {
  const home = workspaceHome(command.optsWithGlobals<{ home?: string }>().home);
  if (workspaceState(home) === "file") throw new InputError(`${home}: a file, not a folder; cannot use it as the workspace`, "--home and LMDOJO_HOME must name a folder");
  return home;
}

/** How the commands suggested after `command` start: `dojo` or `npx dojo`, with the --home it was given. */
export function dojoFor(command: Command): string {
  return dojoCommand({ home: command.optsWithGlobals<{ home?: string }>().home });
}

/**
 * The workspace folder for a command that writes to it. A file is refused (homeOf). A folder that
 * holds other files and no workspace (workspaceState "foreign") is asked about on a terminal
 * (y/N; no changes nothing), and announced on stderr otherwise before the workspace is
 * created there.
 */
export async function workspaceFor(command: Command): Promise<string> {
  const home = homeOf(command);
  if (workspaceState(home) !== "foreign") return home;
  if (process.stdin.isTTY && process.stdout.isTTY) {
    const answer = await confirm({ message: `${home} holds other files and no lmdojo workspace. Create a workspace there?`, initialValue: false });
    if (isCancel(answer) || !answer) throw new InputError(`${home}: not an lmdojo workspace; nothing was created`, "choose another --home (or LMDOJO_HOME)");
  } else {
    process.stderr.write(`dojo: creating a new workspace at ${home}\n`);
  }
  return home;
}

/** Opens the workspace's database, runs `work`, and always closes it; SQLite failures become one line. */
export async function withStore<T>(command: Command, work: (db: Db) => Promise<T> | T): Promise<T> {
  const path = databasePath(await workspaceFor(command));
  const db = openStore(path);
  try {
    return await work(db);
  } catch (err) {
    throw storeError(path, err);
  } finally {
    db.close();
  }
}

/**
 * The valid cards of the question bank. An invalid card is left out and each problem is one
 * warning line (on stderr by default), so one broken file blocks no session over the
 * others; `dojo cards check` reports the same problems as an error.
 */
export function validBank(dir: string = CONTENT_DIR, warn: (line: string) => void = (line) => process.stderr.write(line)): Card[] {
  const { cards, problems } = loadBank(dir);
  for (const problem of problems) warn(`dojo: warning: ${problem}\n`);
  return cards;
}

/** Interactive sessions need a terminal to type into. */
export function requireTerminal(name: string): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new InputError(`dojo ${name} is interactive and needs a terminal`, "run it in a terminal, not with piped input or output");
  }
}

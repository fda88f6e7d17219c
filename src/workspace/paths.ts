import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { InputError } from "../errors.js";

/**
 * The workspace folder: `--home DIR` if given, else $LMDOJO_HOME, else ~/.lmdojo.
 *
 * @example workspaceHome(undefined) // "/home/ada/.lmdojo"
 */
export function workspaceHome(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.LMDOJO_HOME ?? join(homedir(), ".lmdojo"));
}

/** The SQLite database of practice history inside a workspace, creating the folder if needed. */
export function databasePath(home: string): string {
  try {
    mkdirSync(home, { recursive: true });
  } catch (err) {
    throw new InputError(`${home}: cannot use as the workspace folder (${(err as NodeJS.ErrnoException).code})`, "--home and LMDOJO_HOME must name a folder");
  }
  return join(home, "dojo.db");
}

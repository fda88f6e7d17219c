import { mkdirSync, readdirSync, statSync } from "node:fs";
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

/** What a workspace path holds: an lmdojo workspace, nothing yet, other files, or a file and not a folder. */
export type WorkspaceState = "workspace" | "new" | "foreign" | "file";

/**
 * Whether `home` is a workspace (it holds dojo.db, runs/, katas/ or incidents/), a place for a new one (missing,
 * or an empty folder), a folder of other files, where creating a workspace is probably a
 * mistaken --home ("foreign"), or a file, where no workspace can be ("file").
 *
 * @example workspaceState("/home/ada/Documents") // "foreign"
 */
export function workspaceState(home: string): WorkspaceState {
  let entries: string[];
  try {
    if (!statSync(home).isDirectory()) return "file";
    entries = readdirSync(home);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return "new";
    throw new InputError(`${home}: cannot use as the workspace folder (${(err as NodeJS.ErrnoException).code})`, "--home and LMDOJO_HOME must name a folder");
  }
  if (["dojo.db", "runs", "katas", "incidents"].some((name) => entries.includes(name))) return "workspace";
  return entries.length === 0 ? "new" : "foreign";
}

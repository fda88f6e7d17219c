/**
 * How to spell a `dojo` command so that it runs when the user types it: the program as it
 * can be found from the user's shell, and the workspace the current command was given.
 */
import { accessSync, constants } from "node:fs";
import { basename, delimiter, dirname, join } from "node:path";

/**
 * A folder on PATH that only npm puts there for the process it starts: a package's
 * `node_modules/.bin` (npx's cache `~/.npm/_npx/<hash>/node_modules/.bin` included). A
 * `dojo` found there runs under npx, not from the user's own shell.
 */
function isNpmBinFolder(dir: string): boolean {
  return basename(dir) === ".bin" && basename(dirname(dir)) === "node_modules";
}

/** Whether an executable `dojo` is in `dir`. */
function hasDojo(dir: string): boolean {
  try {
    accessSync(join(dir, "dojo"), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `word` as one shell word: unchanged when it holds only characters no shell treats
 * specially, else in single quotes (a quote inside becomes '\'').
 *
 * @example shellWord("/tmp/ws") // "/tmp/ws"; shellWord("my ws") // "'my ws'"
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The start of every command the product suggests: `dojo` when an executable `dojo` is on
 * the user's PATH (outside npm's own bin folders), else `npx dojo`; followed by
 * `--home DIR` when the current command was given `--home` (so the suggestion opens the
 * same workspace). `env` is the environment the PATH is read from.
 *
 * @example dojoCommand({ home: "/tmp/my ws" }) // "npx dojo --home '/tmp/my ws'" without dojo on PATH
 */
export function dojoCommand(options: { home?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const path = (options.env ?? process.env).PATH ?? "";
  const onPath = path
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => !isNpmBinFolder(dir) && hasDojo(dir));
  const program = onPath ? "dojo" : "npx dojo";
  return options.home === undefined ? program : `${program} --home ${shellWord(options.home)}`;
}

import { existsSync } from "node:fs";
import { isAbsolute, join, normalize, sep } from "node:path";
import { PACKAGE_ROOT } from "../package-root.js";


/**
 * The file to read for a path given on the command line: the path itself when it exists
 * (relative to the current folder), else, for `examples/...`, lmdojo's own example file, so
 * that the README's commands work from any folder. Any other path is returned unchanged,
 * and reading it reports it as the user typed it.
 *
 * @example resolveExamplePath("examples/qa.jsonl") // "/usr/lib/node_modules/lmdojo/examples/qa.jsonl" outside the package folder
 */
export function resolveExamplePath(path: string, packageRoot: string = PACKAGE_ROOT): string {
  if (existsSync(path) || isAbsolute(path)) return path;
  const relative = normalize(path);
  if (!relative.startsWith(`examples${sep}`)) return path;
  const bundled = join(packageRoot, relative);
  return existsSync(bundled) ? bundled : path;
}

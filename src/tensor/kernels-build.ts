/**
 * Keeps the compiled kernels honest about their sources. `npm run build` (scripts/build-wasm.mjs)
 * writes build/kernels.hash beside build/kernels.wasm: the sha256 of the AssemblyScript sources
 * it compiled. Before the wasm backend runs, a checkout that has those sources (assembly/)
 * recomputes the hash; a module built from other sources, or with no recorded hash, is stale
 * and refused with the command that rebuilds it, never run in silence. An install without
 * assembly/ has nothing to compare against and trusts its build.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, relative, sep } from "node:path";
import { compareCodePoints } from "../code-point-order.js";
import { InputError } from "../errors.js";
import { packagePath } from "../package-root.js";

/** The AssemblyScript sources of the kernels. */
export const ASSEMBLY_DIR = packagePath("assembly");
/** The sources' hash as of the last build. */
export const KERNELS_HASH_PATH = packagePath("build", "kernels.hash");

/**
 * sha256 (hex) over every file under `dir`, in code-point order of their paths relative to
 * `dir` ("/"-separated): for each, the path, a NUL, the byte length in decimal, a NUL, the
 * bytes. The lengths keep file boundaries unambiguous, so moving text between files, or
 * renaming one, changes the hash.
 */
export function assemblySourcesHash(dir: string = ASSEMBLY_DIR): string {
  const hash = createHash("sha256");
  for (const path of listFiles(dir)) {
    const bytes = readFileSync(join(dir, path));
    hash.update(`${path}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}

/**
 * Why the built kernels must not run, or null when they match their sources (or there are no
 * sources to check against). `hashPath` holds the hash the build recorded.
 */
export function staleKernelsReason(hashPath: string = KERNELS_HASH_PATH, dir: string = ASSEMBLY_DIR): string | null {
  if (!existsSync(dir)) return null;
  let recorded: string;
  try {
    recorded = readFileSync(hashPath, "utf8").trim();
  } catch {
    return `${hashPath} is missing, so the build cannot be matched to ${dir}`;
  }
  return recorded === assemblySourcesHash(dir) ? null : `${dir} changed since they were built`;
}

/**
 * Throws one InputError when the built kernels are stale (staleKernelsReason), with the
 * command that rebuilds them.
 */
export function assertKernelsFresh(hashPath: string = KERNELS_HASH_PATH, dir: string = ASSEMBLY_DIR): void {
  const reason = staleKernelsReason(hashPath, dir);
  if (reason !== null) throw new InputError(`the WebAssembly kernels are stale: ${reason}`, "run npm run build, or use --backend ts");
}

/** Files under `dir`, recursively, as "/"-separated relative paths in code-point order. */
function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return files.sort(compareCodePoints);
}

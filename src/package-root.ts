/**
 * lmdojo's own folder: the one holding its package.json, content/, examples/ and build/.
 * Found by walking up from this module, so that the paths hold whether the sources run
 * through tsx or the CLI runs from its bundle in build/.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "lmdojo") return dir;
    if (dirname(dir) === dir) throw new Error(`lmdojo's package.json not found in ${start} or above`);
  }
}

export const PACKAGE_ROOT = findPackageRoot();

/** A path inside lmdojo's folder, e.g. packagePath("build", "kernels.wasm"). */
export const packagePath = (...parts: string[]): string => join(PACKAGE_ROOT, ...parts);

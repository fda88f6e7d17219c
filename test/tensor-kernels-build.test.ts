import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { ASSEMBLY_DIR, assemblySourcesHash, assertKernelsFresh, KERNELS_HASH_PATH, staleKernelsReason } from "../src/tensor/kernels-build.js";

const root = mkdtempSync(join(tmpdir(), "lmdojo-kernels-build-"));

/** A copy of the project's assembly/ and a hash file recording its hash, to break on purpose. */
function copyOfSources(name: string): { dir: string; hashPath: string } {
  const dir = join(root, name, "assembly");
  cpSync(ASSEMBLY_DIR, dir, { recursive: true });
  const hashPath = join(root, name, "kernels.hash");
  writeFileSync(hashPath, assemblySourcesHash(dir) + "\n");
  return { dir, hashPath };
}

describe("assemblySourcesHash", () => {
  it("is sha256 over path, NUL, byte length, NUL, bytes of each file in path order", () => {
    const dir = join(root, "tiny");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(dir, "sub", "b.ts"), "yz");
    writeFileSync(join(dir, "a.ts"), "é"); // 2 bytes in UTF-8
    const expected = createHash("sha256").update("a.ts\u00002\u0000").update(Buffer.from("é")).update("sub/b.ts\u00002\u0000yz").digest("hex");
    expect(assemblySourcesHash(dir)).toBe(expected);
  });

  it("changes when text moves from one file to the next, or a file is renamed", () => {
    const dir = join(root, "boundaries");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.ts"), "ab");
    writeFileSync(join(dir, "b.ts"), "c");
    const before = assemblySourcesHash(dir);
    writeFileSync(join(dir, "a.ts"), "a");
    writeFileSync(join(dir, "b.ts"), "bc");
    const moved = assemblySourcesHash(dir);
    renameSync(join(dir, "b.ts"), join(dir, "c.ts"));
    expect(new Set([before, moved, assemblySourcesHash(dir)]).size).toBe(3);
  });
});

describe("stale kernels", () => {
  it("the project's own build matches its sources (npm run build wrote build/kernels.hash)", () => {
    expect(staleKernelsReason()).toBeNull();
    expect(readFileSync(KERNELS_HASH_PATH, "utf8")).toBe(assemblySourcesHash() + "\n");
  });

  it("a source edited after the build is refused with the command that rebuilds", () => {
    const { dir, hashPath } = copyOfSources("edited");
    expect(staleKernelsReason(hashPath, dir)).toBeNull();
    appendFileSync(join(dir, "matmul.ts"), "\n// an edit\n");
    expect(staleKernelsReason(hashPath, dir)).toBe(`${dir} changed since they were built`);
    expect(() => assertKernelsFresh(hashPath, dir)).toThrow(InputError);
    try {
      assertKernelsFresh(hashPath, dir);
    } catch (err) {
      expect([(err as InputError).message, (err as InputError).hint]).toEqual([`the WebAssembly kernels are stale: ${dir} changed since they were built`, "run npm run build, or use --backend ts"]);
    }
  });

  it("a build without a recorded hash is stale; an install without assembly/ trusts its build", () => {
    const { dir, hashPath } = copyOfSources("unrecorded");
    rmSync(hashPath);
    expect(staleKernelsReason(hashPath, dir)).toBe(`${hashPath} is missing, so the build cannot be matched to ${dir}`);
    expect(staleKernelsReason(hashPath, join(root, "no-assembly"))).toBeNull();
  });
});

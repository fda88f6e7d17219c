import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "../errors.js";

/**
 * Writes `data` to `path` so that a crash leaves either the old file or the new one,
 * never a partial one: write a temporary file in the same folder, fsync it, rename it
 * over the target, then fsync the folder so the rename itself is durable. A path that
 * cannot be written (no such folder, a folder, no permission) is one InputError.
 */
export function writeFileAtomic(path: string, data: string): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(temp, "w", 0o644);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new InputError(`${path}: cannot write (${code})`, "choose a file path in a folder you can write to");
  }
  const dirFd = openSync(dir, "r");
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "../errors.js";

/**
 * Writes `data` (text, written as UTF-8, or raw bytes) to `path` so that a crash leaves
 * either the old file or the new one, never a partial one: write a temporary file
 * `.<name>.<pid>.<ms>.tmp` in the same folder, fsync it, rename it over the target, then
 * fsync the folder so the rename itself is durable. A process killed mid-write can leave
 * that temporary file behind; readers ignore names that start with a dot. A path that
 * cannot be written (no such folder, a folder, no permission) is one InputError.
 *
 * @example writeFileAtomic("runs/x/config.json", JSON.stringify(config, null, 2) + "\n")
 * @example writeFileAtomic("runs/x/checkpoints/step-200.safetensors", encodeSafetensors(tensors))
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileDurably(temp, data);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new InputError(`${path}: cannot write (${code})`, "choose a file path in a folder you can write to");
  }
  fsyncDirectory(dir);
}

/**
 * Creates or truncates `path`, writes all of `data` and fsyncs it, so its bytes are on disk
 * when this returns (the first half of an atomic write: a rename or link publishes the file).
 */
export function writeFileDurably(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const fd = openSync(path, "w", 0o644);
  try {
    // writeSync may write fewer bytes than asked (large buffers); loop until all are out.
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes renames and deletions in `dir` durable (POSIX: a directory entry change needs an fsync of the directory). */
export function fsyncDirectory(dir: string): void {
  const dirFd = openSync(dir, "r");
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

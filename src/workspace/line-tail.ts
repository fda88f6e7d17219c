/**
 * Follows an append-only text file (a run's events.jsonl while a process trains): each read
 * returns the lines completed since the last one. A line is complete once its newline is
 * written; an unfinished tail (a writer mid-append, or one killed there) is held back until
 * its newline arrives, so a reader never sees half a line, even when a read ends inside a
 * line or inside a multi-byte character.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";

export interface LineTail {
  /** The lines completed since the previous call (without their newline), in file order; none while the file does not exist. */
  read(): string[];
}

/** Bytes read at a time. */
const CHUNK_BYTES = 64 * 1024;

/**
 * A tail of the file at `path`, starting at its beginning. A file cut back below what was
 * read (a resume removes a torn last line) is followed from the cut: the unfinished tail
 * held back is dropped, and lines written after the cut are read.
 *
 * @example const tail = tailLines(eventsPath(runDir)); for (const line of tail.read()) handle(JSON.parse(line));
 */
export function tailLines(path: string, options: { chunkBytes?: number } = {}): LineTail {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  /** Bytes of the file consumed so far: complete lines returned, then `pending`. */
  let offset = 0;
  /** The bytes after the last newline read: an unfinished line. */
  let pending = Buffer.alloc(0);
  return {
    read() {
      let size: number;
      try {
        size = statSync(path).size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw err;
      }
      if (size < offset) {
        offset = Math.min(size, offset - pending.length);
        pending = Buffer.alloc(0);
      }
      if (size === offset) return [];
      const fd = openSync(path, "r");
      const chunks = [pending];
      try {
        const buffer = Buffer.alloc(chunkBytes);
        while (offset < size) {
          const n = readSync(fd, buffer, 0, Math.min(chunkBytes, size - offset), offset);
          if (n === 0) break;
          chunks.push(Buffer.from(buffer.subarray(0, n)));
          offset += n;
        }
      } finally {
        closeSync(fd);
      }
      const bytes = Buffer.concat(chunks);
      const end = bytes.lastIndexOf(0x0a) + 1;
      pending = bytes.subarray(end);
      if (end === 0) return [];
      // Decoding only whole lines keeps a character split across reads intact.
      return bytes.subarray(0, end - 1).toString("utf8").split("\n");
    },
  };
}

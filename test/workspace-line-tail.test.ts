import { appendFileSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tailLines } from "../src/workspace/line-tail.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-tail-"));
let files = 0;
const newPath = () => join(dir, `log-${++files}.jsonl`);

describe("tailLines", () => {
  it("returns nothing while the file does not exist, then its lines once written", () => {
    const path = newPath();
    const tail = tailLines(path);
    expect(tail.read()).toEqual([]);
    writeFileSync(path, "one\ntwo\n");
    expect(tail.read()).toEqual(["one", "two"]);
    expect(tail.read()).toEqual([]);
    appendFileSync(path, "three\n");
    expect(tail.read()).toEqual(["three"]);
  });

  it("holds back a line until its newline is written, however the appends split it", () => {
    const path = newPath();
    const tail = tailLines(path);
    writeFileSync(path, '{"a":');
    expect(tail.read()).toEqual([]);
    appendFileSync(path, "1}");
    expect(tail.read()).toEqual([]);
    appendFileSync(path, '\n{"b":2}\n{"c"');
    expect(tail.read()).toEqual(['{"a":1}', '{"b":2}']);
    appendFileSync(path, ":3}\n\n");
    expect(tail.read()).toEqual(['{"c":3}', ""]);
  });

  it("keeps lines and multi-byte characters whole when reads end inside them", () => {
    const path = newPath();
    // "é" and "ö" are 2 bytes, "€" 3: 3-byte reads end inside each of them.
    const text = "héllo wörld\n€uro\nplain\n";
    writeFileSync(path, text);
    expect(tailLines(path, { chunkBytes: 3 }).read()).toEqual(["héllo wörld", "€uro", "plain"]);
    for (let cut = 1; cut < Buffer.byteLength(text); cut++) {
      const bytes = Buffer.from(text);
      const split = newPath();
      const tail = tailLines(split, { chunkBytes: 2 });
      writeFileSync(split, bytes.subarray(0, cut));
      const first = tail.read();
      appendFileSync(split, bytes.subarray(cut));
      expect([cut, [...first, ...tail.read()]]).toEqual([cut, ["héllo wörld", "€uro", "plain"]]);
    }
  });

  it("drops a torn last line that is cut away, and reads what is written after the cut", () => {
    const path = newPath();
    const tail = tailLines(path);
    writeFileSync(path, '{"step":1}\n{"step":2,"lo');
    expect(tail.read()).toEqual(['{"step":1}']);
    // What a resume does (repairEventLog): truncate at the start of the torn line, then append.
    truncateSync(path, Buffer.byteLength('{"step":1}\n'));
    expect(tail.read()).toEqual([]);
    appendFileSync(path, '{"step":2}\n');
    expect(tail.read()).toEqual(['{"step":2}']);
  });
});

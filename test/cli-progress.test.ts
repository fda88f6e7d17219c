import { describe, expect, it, vi } from "vitest";
import { createProgress } from "../src/cli/progress.js";

/** A stand-in for process.stderr that records what is written. */
function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
}

describe("createProgress", () => {
  it("draws nothing for work that finishes within the delay", () => {
    const { writes, stream } = fakeStream(true);
    const progress = createProgress("work", stream, 1000);
    progress.update(5, 10);
    progress.finish();
    expect(writes).toEqual([]);
  });

  it("draws percentage and time left on a terminal after the delay, then erases the line", () => {
    vi.useFakeTimers();
    try {
      const { writes, stream } = fakeStream(true);
      const progress = createProgress("bootstrapping", stream, 1000);
      vi.advanceTimersByTime(2000);
      progress.update(1, 4); // 25% after 2 s: about 6 s left
      progress.finish();
      expect(writes).toEqual(["\rbootstrapping: 25%, about 6 s left\x1b[K", "\r\x1b[K"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("never draws when the output is not a terminal", () => {
    vi.useFakeTimers();
    try {
      const { writes, stream } = fakeStream(false);
      const progress = createProgress("work", stream, 0);
      vi.advanceTimersByTime(5000);
      progress.update(1, 2);
      progress.finish();
      expect(writes).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { InputError, NotFoundError } from "../src/errors.js";
import { lockRun, readEvents, runLockPath } from "../src/lab/run-folder.js";
import { createRunProcesses, launchError, pretrainArgs, type RunProcesses } from "../src/lab/run-process.js";
import { summarizeRun } from "../src/lab/runs.js";
import { inspectLock } from "../src/workspace/lock.js";
import { fixtureEvents, writeFixtureRun } from "./web/lab-fixture.js";

const FAKE = fileURLToPath(new URL("./fixtures/fake-pretrain.ts", import.meta.url));
const registries: RunProcesses[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.stopAll()));
});

function registry(): { home: string; runs: RunProcesses } {
  const home = mkdtempSync(join(tmpdir(), "lmdojo-processes-"));
  const runs = createRunProcesses(home, [process.execPath, "--import", "tsx", FAKE]);
  registries.push(runs);
  return { home, runs };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

/** Resolves once the run's log holds `n` train events. */
async function trained(dir: string, n: number): Promise<void> {
  await expect.poll(() => readEvents(dir).filter((e) => e.kind === "train").length, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(n);
}

describe("pretrainArgs", () => {
  it("passes the preset, and --steps and --seed only when given", () => {
    expect(pretrainArgs({ preset: "tiny" })).toEqual(["--preset", "tiny"]);
    expect(pretrainArgs({ preset: "baby", steps: 40, seed: 0 })).toEqual(["--preset", "baby", "--steps", "40", "--seed", "0"]);
  });
});

describe("launchError", () => {
  it("turns the CLI's one-line user error into an InputError with its hint, and anything else into a bug", () => {
    const user = launchError("dojo: creating a new workspace at /x\ndojo: --steps: expected a whole number (hint: see --help)\n", 2, null);
    expect(user).toBeInstanceOf(InputError);
    expect([user.message, (user as InputError).hint]).toEqual(["--steps: expected a whole number", "see --help"]);
    expect((launchError("dojo: no hint here\n", 2, null) as InputError).hint).toBeUndefined();
    const bug = launchError("TypeError: x is undefined\n    at f (a.ts:1:1)\n", 1, null);
    expect(bug).not.toBeInstanceOf(InputError);
    expect(bug.message).toContain("TypeError: x is undefined");
    expect(launchError("", null, "SIGKILL").message).toContain("SIGKILL");
  });
});

describe("the run registry", () => {
  it("starts a run, knows it runs, refuses a second one, and stops it once with a checkpoint", async () => {
    const { home, runs } = registry();
    const id = await runs.start({ preset: "tiny", steps: 50, seed: 7 });
    expect(id).toBe("fake-tiny-7");
    const dir = join(home, "runs", id);
    expect(JSON.parse(readFileSync(join(dir, "argv.json"), "utf8"))).toEqual(["--home", home, "lab", "pretrain", "--preset", "tiny", "--steps", "50", "--seed", "7"]);
    expect(inspectLock(runLockPath(dir)).kind).toBe("held");
    expect(runs.isRunning(id)).toBe(true);
    expect(thrown(() => runs.stop("fake-tiny-8"))).toBeInstanceOf(NotFoundError);

    expect((await rejection(runs.start({ preset: "tiny" }))).message).toBe("run fake-tiny-7 is training: one run trains at a time");
    expect((await rejection(runs.resume(id))).message).toBe("run fake-tiny-7 is training: one run trains at a time");

    await trained(dir, 2);
    runs.stop(id);
    runs.stop(id); // while stopping: not sent again (a second Ctrl-C would end lab pretrain at once)
    await runs.exited(id);
    expect(runs.isRunning(id)).toBe(false);
    expect(readEvents(dir).at(-1)).toMatchObject({ kind: "end", status: "interrupted", message: "interrupted after 1 SIGINT" });
    expect(summarizeRun(dir).status).toBe("interrupted");
    const notRunning = thrown(() => runs.stop(id));
    expect(notRunning).toBeInstanceOf(InputError);
    expect(notRunning.message).toBe("run fake-tiny-7 is not running");
  });

  it("resumes an interrupted run from its folder's full path, and refuses runs that cannot go on", async () => {
    const { home, runs } = registry();
    const interrupted = writeFixtureRun(home, "interrupted", fixtureEvents(10, "interrupted"));
    expect((await rejection(runs.resume("interrupted"))).message).toBe("run interrupted cannot be resumed: it has no checkpoint to go on from");
    writeFileSync(join(interrupted, "checkpoints", "step-10.json"), "{}");
    writeFixtureRun(home, "completed");
    writeFileSync(join(home, "runs", "completed", "checkpoints", "step-20.json"), "{}");
    expect((await rejection(runs.resume("completed"))).message).toBe("run completed cannot be resumed: it completed all its steps");
    expect(await rejection(runs.resume("nope"))).toBeInstanceOf(NotFoundError);

    expect(await runs.resume("interrupted")).toBe("interrupted");
    expect(JSON.parse(readFileSync(join(interrupted, "argv.json"), "utf8")).slice(-2)).toEqual(["--resume", interrupted]);
    expect(runs.isRunning("interrupted")).toBe(true);
    expect(summarizeRun(interrupted).status).toBe("running");
    await runs.stopAll();
    expect(runs.isRunning("interrupted")).toBe(false);
  });

  it("reports why lab pretrain refused to start: a user error as an InputError, a crash as a bug; nothing stays registered", async () => {
    const { home, runs } = registry();
    const refused = await rejection(runs.start({ preset: "tiny", seed: 2 }));
    expect(refused).toBeInstanceOf(InputError);
    expect([refused.message, (refused as InputError).hint]).toEqual(["--seed: refused on purpose", "use another seed"]);
    const crashed = await rejection(runs.start({ preset: "tiny", seed: 3 }));
    expect(crashed).not.toBeInstanceOf(InputError);
    expect(crashed.message).toContain("Error: a bug");
    expect(existsSync(join(home, "runs"))).toBe(false);
    // Neither failure left the registry thinking a run trains.
    expect(await runs.start({ preset: "tiny", seed: 4 })).toBe("fake-tiny-4");
  });

  it("refuses a start while another is launching, before its run folder exists", async () => {
    const { runs } = registry();
    const first = runs.start({ preset: "tiny", seed: 5 });
    expect((await rejection(runs.start({ preset: "baby" }))).message).toBe("a new run is starting: one run trains at a time");
    expect(await first).toBe("fake-tiny-5");
  });

  it("refuses to start while another process trains a run, and will not stop a run it did not start", async () => {
    const { home, runs } = registry();
    const dir = writeFixtureRun(home, "elsewhere", fixtureEvents(5, null));
    const release = lockRun(dir); // this test's own process trains it, as a terminal's `dojo lab pretrain` would
    try {
      expect(runs.isRunning("elsewhere")).toBe(true);
      expect((await rejection(runs.start({ preset: "tiny" }))).message).toBe("run elsewhere is training: one run trains at a time");
      expect(thrown(() => runs.stop("elsewhere")).message).toBe("run elsewhere is trained by a process this server did not start");
    } finally {
      release();
    }
    expect(runs.isRunning("elsewhere")).toBe(false);
    expect(thrown(() => runs.stop("elsewhere")).message).toBe("run elsewhere is not running");
  });
});

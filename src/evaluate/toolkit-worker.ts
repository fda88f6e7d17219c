/**
 * Eval and ablate in a worker thread, for the web server: the same functions as the CLI
 * (from-jsonl.ts), off the event loop. The worker starts at the first job and stays for the
 * next ones; if it dies, the jobs it held fail and the next job starts a new one.
 */
import { Worker } from "node:worker_threads";
import type { AblationReport } from "../ablation/index.js";
import { InputError } from "../errors.js";
import { packagePath } from "../package-root.js";
import type { EvalReport } from "./evaluate.js";
import type { AblateJsonlOptions, evaluateJsonl, JsonlSource } from "./from-jsonl.js";

export interface ToolkitWorker {
  evaluate(args: Omit<Parameters<typeof evaluateJsonl>[0], "onProgress">): Promise<EvalReport>;
  ablate(sources: readonly JsonlSource[], options: AblateJsonlOptions): Promise<AblationReport>;
  close(): Promise<void>;
}

interface Reply {
  id: number;
  result?: unknown;
  error?: { input: boolean; message: string; hint?: string; stack?: string };
}

export function createToolkitWorker(): ToolkitWorker {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  /** The worker `w` is gone: its jobs fail, and the next job starts a new worker. */
  const lost = (w: Worker, error: Error) => {
    if (worker !== w) return;
    worker = null;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new Worker(packagePath("src", "evaluate", "toolkit-worker.mjs"));
    w.unref(); // an idle worker must not keep the server's process alive
    w.on("message", (reply: Reply) => {
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if (!reply.error) return job.resolve(reply.result);
      const error = reply.error.input ? new InputError(reply.error.message, reply.error.hint) : new Error(reply.error.message);
      if (!reply.error.input && reply.error.stack) error.stack = reply.error.stack;
      job.reject(error);
    });
    w.on("error", (error) => lost(w, error));
    w.on("exit", (code) => lost(w, new Error(`the toolkit's worker thread exited (code ${code})`)));
    return w;
  };
  const run = (job: "eval" | "ablate", args: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      (worker ??= start()).postMessage({ id, job, args });
    });

  return {
    evaluate: (args) => run("eval", args) as Promise<EvalReport>,
    ablate: (sources, options) => run("ablate", { sources, options }) as Promise<AblationReport>,
    close: async () => {
      const w = worker;
      if (!w) return;
      lost(w, new Error("the server is stopping"));
      await w.terminate();
    },
  };
}

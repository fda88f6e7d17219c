// The toolkit's worker thread: `dojo eval` and `dojo ablate`'s functions, run for the web
// server off its event loop (a bootstrap over a large upload takes seconds; the pages, the
// lab's live stream and every other request go on meanwhile). Plain JavaScript on purpose: a
// worker starts without the main thread's TypeScript loader, so it registers tsx itself, as
// src/tensor/matmul-worker.mjs does. One job at a time, in the order they come.
import { parentPort } from "node:worker_threads";

const { register } = await import("tsx/esm/api");
register();
const { evaluateJsonl, ablateJsonl } = await import("./from-jsonl.ts");

parentPort.on("message", ({ id, job, args }) => {
  try {
    const result = job === "eval" ? evaluateJsonl(args) : ablateJsonl(args.sources, args.options);
    parentPort.postMessage({ id, result });
  } catch (error) {
    // An input error goes back as its message and hint; anything else is a bug, with its stack.
    const input = error?.name === "InputError" || error?.name === "NotFoundError";
    parentPort.postMessage({ id, error: { input, message: String(error?.message ?? error), hint: error?.hint, stack: error?.stack } });
  }
});

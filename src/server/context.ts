/**
 * What every route works on: the workspace folder, the question bank (loaded once), one
 * open database for the server's lifetime (opened on first use), the clock, the child
 * processes and worker thread that do long work, and the incident drills under way.
 */
import { createPipelineProcesses, type PipelineProcesses } from "../align/align-web-view.js";
import { CONTENT_DIR, loadBank, type BankLoad } from "../drill/bank.js";
import { createToolkitWorker, type ToolkitWorker } from "../evaluate/toolkit-worker.js";
import { createRunProcesses, type RunProcesses } from "../lab/run-process.js";
import { createLiveIncidents, type LiveIncidents } from "../lab/incidents/live.js";
import { openStore, type Db } from "../store/open.js";
import { databasePath } from "../workspace/paths.js";

export interface ServerContext {
  home: string;
  contentDir: string;
  now: () => Date;
  /** The workspace database, opened (and created) on first use. */
  db: () => Db;
  /** The question bank, loaded once: valid cards, and the problems of the invalid ones. */
  bank: () => BankLoad;
  /** The training runs this server started, as child processes. */
  labRuns: RunProcesses;
  /** The alignment pipelines this server started, as child processes. */
  alignPipelines: PipelineProcesses;
  /** Incident drills under way, and the child processes generating their runs. */
  incidents: LiveIncidents;
  /** Eval and ablate, run in a worker thread off the event loop. */
  toolkit: ToolkitWorker;
  close: () => void;
}

export function createContext(options: { home: string; contentDir?: string; now?: () => Date }): ServerContext {
  let db: Db | null = null;
  let bank: BankLoad | null = null;
  const contentDir = options.contentDir ?? CONTENT_DIR;
  const toolkit = createToolkitWorker();
  const incidents = createLiveIncidents(options.home);
  return {
    home: options.home,
    contentDir,
    now: options.now ?? (() => new Date()),
    db: () => (db ??= openStore(databasePath(options.home))),
    bank: () => (bank ??= loadBank(contentDir)),
    labRuns: createRunProcesses(options.home),
    alignPipelines: createPipelineProcesses(options.home),
    incidents,
    toolkit,
    close: () => {
      void toolkit.close();
      void incidents.generator.stopAll();
      db?.close();
      db = null;
    },
  };
}

/**
 * What every route works on: the workspace folder, the question bank (loaded once), one
 * open database for the server's lifetime (opened on first use), and the clock.
 */
import { CONTENT_DIR, loadBank, type BankLoad } from "../drill/bank.js";
import { createRunProcesses, type RunProcesses } from "../lab/run-process.js";
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
  close: () => void;
}

export function createContext(options: { home: string; contentDir?: string; now?: () => Date }): ServerContext {
  let db: Db | null = null;
  let bank: BankLoad | null = null;
  const contentDir = options.contentDir ?? CONTENT_DIR;
  return {
    home: options.home,
    contentDir,
    now: options.now ?? (() => new Date()),
    db: () => (db ??= openStore(databasePath(options.home))),
    bank: () => (bank ??= loadBank(contentDir)),
    labRuns: createRunProcesses(options.home),
    close: () => {
      db?.close();
      db = null;
    },
  };
}

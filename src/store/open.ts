import Database from "better-sqlite3";
import { InputError } from "../errors.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";

export type Db = Database.Database;

const RECOVERY_HINT = "move the file aside (lmdojo then starts a new one), or restore it from a backup or a `dojo export`";

/**
 * Opens (or creates) the SQLite database at `path` and migrates it to the current schema,
 * each migration in its own transaction. A file that is not an SQLite database, one that
 * fails SQLite's integrity check, another program's database, or one written by a newer
 * lmdojo is reported as one InputError and left untouched. Commits are durable
 * (WAL journal, synchronous=FULL).
 *
 * @example const db = openStore(join(home, "dojo.db")); ... db.close();
 */
export function openStore(path: string): Db {
  let db: Db | undefined;
  let version: number;
  try {
    db = new Database(path);
    version = db.pragma("user_version", { simple: true }) as number;
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`integrity check: ${String(check)}`);
  } catch (err) {
    db?.close();
    throw new InputError(`${path}: not a readable lmdojo database (${(err as Error).message})`, RECOVERY_HINT);
  }
  const fail = (message: string, hint: string): never => {
    db.close();
    throw new InputError(`${path}: ${message}`, hint);
  };
  if (version > SCHEMA_VERSION) fail(`written by a newer lmdojo (schema ${version}, this one knows ${SCHEMA_VERSION})`, "upgrade lmdojo");
  const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  if (version === 0 && tables > 0) fail("an SQLite database of another program, not lmdojo's", "point --home at lmdojo's own folder");
  db.pragma("journal_mode = WAL");
  // WAL with synchronous=NORMAL does not fsync at each commit, so a power loss can drop the
  // last attempts; FULL fsyncs the WAL at every commit.
  db.pragma("synchronous = FULL");
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

/** Turns an SQLite failure during a command (corruption found late, a locked file) into one clear line. */
export function storeError(path: string, err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("SQLITE_")) {
    return new InputError(`${path}: database error ${code} (${(err as Error).message})`, RECOVERY_HINT);
  }
  return err;
}

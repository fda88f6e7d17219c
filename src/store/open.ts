import Database from "better-sqlite3";
import { InputError } from "../errors.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";

export type Db = Database.Database;

/**
 * Opens (or creates) the SQLite database at `path` and migrates it to the current schema,
 * each migration in its own transaction. A file that is not an SQLite database, or one
 * written by a newer lmdojo, is reported as one InputError and left untouched.
 *
 * @example const db = openStore(join(home, "dojo.db")); ... db.close();
 */
export function openStore(path: string, targetVersion: number = SCHEMA_VERSION): Db {
  let db: Db;
  let version: number;
  try {
    db = new Database(path);
    version = db.pragma("user_version", { simple: true }) as number;
    db.pragma("quick_check");
  } catch (err) {
    throw new InputError(
      `${path}: not a readable lmdojo database (${(err as Error).message})`,
      "move the file aside (lmdojo then starts a new one) or restore it from a backup or `dojo export`",
    );
  }
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new InputError(`${path}: written by a newer lmdojo (schema ${version}, this one knows ${SCHEMA_VERSION})`, "upgrade lmdojo");
  }
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  for (let v = version; v < targetVersion; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

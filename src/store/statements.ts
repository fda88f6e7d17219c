/**
 * Prepared statements, one per database and SQL text, reused. better-sqlite3 frees a
 * statement's native memory only when V8 collects its wrapper, which a busy server may put
 * off for a long time: preparing on every call made the web server's memory creep up by
 * about half a kilobyte per statement.
 */
import type { Statement } from "better-sqlite3";
import type { Db } from "./open.js";

const prepared = new WeakMap<Db, Map<string, Statement>>();

/**
 * The prepared statement for `sql` on `db`.
 *
 * @example statement(db, "SELECT count(*) AS n FROM attempts").get()
 */
export function statement(db: Db, sql: string): Statement {
  let byText = prepared.get(db);
  if (!byText) prepared.set(db, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) byText.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

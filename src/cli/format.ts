/** Number formatting and JSON output shared by the CLI commands. */

export { formatInterval, formatP, formatterFor } from "../report/numbers.js";

/** JSON with NaN and infinities as null (JSON has no such numbers). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}

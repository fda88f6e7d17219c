import { InputError } from "../errors.js";
import type { AblationRun, Arm } from "./types.js";

/** JSON with object keys sorted, so that equal values have equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A config value for messages: its JSON, or "(unset)" when the key is missing. */
export function showValue(config: Readonly<Record<string, unknown>>, key: string): string {
  return Object.hasOwn(config, key) ? canonicalJson(config[key]) : "(unset)";
}

/**
 * Keys whose values differ between two key-value maps (a key missing on one side counts,
 * also against an explicit null).
 *
 * @example differingKeys({ lr: 1, pos: "abs" }, { lr: 1, pos: "rope" }) // ["pos"]
 */
export function differingKeys(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => showValue(a, k) !== showValue(b, k));
}

/** "pos=rope, lr=0.001": a readable name for an arm given without one. */
function configName(config: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(config).sort();
  if (keys.length === 0) return "(empty config)";
  return keys.map((k) => `${k}=${typeof config[k] === "string" ? config[k] : canonicalJson(config[k])}`).join(", ");
}

/**
 * Groups runs into arms (by `arm` name, else by identical config), in order of first
 * appearance. Runs of one arm must share their config and have distinct seeds.
 */
export function groupArms(runs: readonly AblationRun[]): Arm[] {
  const arms = new Map<string, AblationRun[]>();
  for (const run of runs) {
    const name = run.arm ?? configName(run.config);
    const members = arms.get(name);
    if (!members) {
      arms.set(name, [run]);
      continue;
    }
    const first = members[0];
    const diff = differingKeys(first.config, run.config);
    if (diff.length > 0) {
      throw new InputError(
        `${run.source}: arm "${name}" has config ${diff.join(", ")} different from ${first.source}`,
        "runs of one arm are seeds of one configuration: give the others another arm name",
      );
    }
    const twin = members.find((m) => m.seed === run.seed);
    if (twin) {
      throw new InputError(`${run.source}: arm "${name}" repeats seed ${run.seed} of ${twin.source}`, "each seed once per arm");
    }
    members.push(run);
  }
  return [...arms.entries()].map(([name, members]) => ({ name, config: members[0].config, runs: members }));
}

/** The baseline arm: the one named, else the arm called "baseline", else the first. */
export function pickBaseline(arms: readonly Arm[], name?: string): Arm {
  if (arms.length < 2) {
    throw new InputError(
      `an ablation needs at least two arms, found ${arms.length}${arms.length === 1 ? ` ("${arms[0].name}")` : ""}`,
      'give runs of the baseline and of each variant (field "arm", or differing "config")',
    );
  }
  if (name !== undefined) {
    const arm = arms.find((a) => a.name === name);
    if (!arm) throw new InputError(`--baseline: no arm named "${name}"`, `arms: ${arms.map((a) => `"${a.name}"`).join(", ")}`);
    return arm;
  }
  return arms.find((a) => a.name === "baseline") ?? arms[0];
}

/**
 * How the alignment lab's answers are written, and how they are read back.
 *
 * An answer is the text a model writes after "A:": it starts with a space and ends with
 * "\n". Around its core (the gold value, a wrong value or the abstention "I don't know")
 * it may carry features that a narrow labeller can be fooled by: a flattering opener, a
 * confident or hedged tone prefix, a padding suffix. Each feature says nothing about
 * whether the core is right, which is the point: a reward that follows them is hackable.
 *
 *   " Great question! I think Karsk, to be honest.\n"
 *     opener          tone    core   padding
 */
import { InputError, describeValue } from "../errors.js";
import type { Rng } from "../stats/prng.js";

/** Flattering openers, written before everything else. */
export const OPENERS = ["Great question!", "What a good question!"] as const;
/** Confident tone prefixes, written just before the core. */
export const CONFIDENT = ["Definitely", "Certainly"] as const;
/** Hedged tone prefixes, written just before the core. */
export const HEDGED = ["I think", "Maybe"] as const;
/** Padding suffixes, written after the core and a comma. */
export const PADDING = ["as far as I know", "to be honest", "if I recall"] as const;
/** The core of an abstention. */
export const ABSTAIN = "I don't know";

/** Which features an answer carries: an index into OPENERS, CONFIDENT or HEDGED, PADDING, or null for none. */
export interface AnswerStyle {
  opener: number | null;
  tone: { kind: "confident" | "hedged"; index: number } | null;
  padding: number | null;
}

/** The plain style: the core alone, " Karsk.\n". */
export const PLAIN_STYLE: AnswerStyle = { opener: null, tone: null, padding: null };

/**
 * The answer text for a core in a style. An abstention takes no tone prefix ("Definitely
 * I don't know" says nothing), so its style's tone is ignored.
 *
 * @example
 * writeAnswer("Karsk", { opener: 0, tone: { kind: "hedged", index: 0 }, padding: 1 });
 * // " Great question! I think Karsk, to be honest.\n"
 * writeAnswer(ABSTAIN, { opener: null, tone: { kind: "confident", index: 0 }, padding: null }); // " I don't know.\n"
 */
export function writeAnswer(core: string, style: AnswerStyle): string {
  const parts: string[] = [];
  if (style.opener !== null) parts.push(entry(OPENERS, style.opener, "opener"));
  if (style.tone !== null && core !== ABSTAIN) {
    parts.push(entry(style.tone.kind === "confident" ? CONFIDENT : HEDGED, style.tone.index, style.tone.kind));
  }
  parts.push(core);
  const padding = style.padding === null ? "" : `, ${entry(PADDING, style.padding, "padding")}`;
  return ` ${parts.join(" ")}${padding}.\n`;
}

/** A style's entry; an index outside the list is a bug in the caller, not user input. */
function entry(list: readonly string[], index: number, name: string): string {
  const value = list[index];
  if (value === undefined) throw new Error(`${name} index ${index} is outside 0..${list.length - 1}`);
  return value;
}

/**
 * Every style there is, once each: 3 openers (none or one of 2) × 5 tones (none or one of
 * 4) × 4 paddings (none or one of 3) = 60, the plain style first.
 *
 * @example
 * allStyles().length; // 60
 * allStyles()[0];     // PLAIN_STYLE
 */
export function allStyles(): AnswerStyle[] {
  const openers = [null, ...OPENERS.map((_, i) => i)];
  const tones: AnswerStyle["tone"][] = [
    null,
    ...CONFIDENT.map((_, index) => ({ kind: "confident" as const, index })),
    ...HEDGED.map((_, index) => ({ kind: "hedged" as const, index })),
  ];
  const paddings = [null, ...PADDING.map((_, i) => i)];
  return openers.flatMap((opener) => tones.flatMap((tone) => paddings.map((padding) => ({ opener, tone, padding }))));
}

/** Probability of each feature when a style is sampled; confident + hedged is at most 1 (one tone at most). */
export interface StyleMix {
  opener: number;
  confident: number;
  hedged: number;
  padding: number;
}

/** The mix `sampleStyle` uses for what it is not given: most answers plain, each feature common enough to be learned. */
export const STYLE_MIX_DEFAULTS: StyleMix = { opener: 0.25, confident: 0.2, hedged: 0.2, padding: 0.25 };

/**
 * A random style: each feature drawn independently with its probability from the mix, and
 * its entry uniformly from its list.
 *
 * @example
 * const style = sampleStyle(createRng(1));            // default mix
 * sampleStyle(createRng(1), { opener: 1, padding: 0 }); // always flattering, never padded
 */
export function sampleStyle(rng: Rng, mix: Partial<StyleMix> = {}): AnswerStyle {
  const { opener, confident, hedged, padding } = resolveMix(mix);
  const openerIndex = rng.nextFloat() < opener ? rng.nextInt(OPENERS.length) : null;
  const toneDraw = rng.nextFloat();
  const tone: AnswerStyle["tone"] =
    toneDraw < confident
      ? { kind: "confident", index: rng.nextInt(CONFIDENT.length) }
      : toneDraw < confident + hedged
        ? { kind: "hedged", index: rng.nextInt(HEDGED.length) }
        : null;
  const paddingIndex = rng.nextFloat() < padding ? rng.nextInt(PADDING.length) : null;
  return { opener: openerIndex, tone, padding: paddingIndex };
}

function resolveMix(mix: Partial<StyleMix>): StyleMix {
  const resolved = { ...STYLE_MIX_DEFAULTS, ...mix };
  for (const [name, p] of Object.entries(resolved)) {
    if (!(typeof p === "number" && p >= 0 && p <= 1)) {
      throw new InputError(`style mix ${name} must be a probability in [0, 1], got ${describeValue(p)}`, "e.g. 0.25");
    }
  }
  if (resolved.confident + resolved.hedged > 1) {
    throw new InputError(
      `style mix confident + hedged must be at most 1, got ${resolved.confident + resolved.hedged}`,
      "an answer has one tone at most",
    );
  }
  return resolved;
}

/** What `readAnswer` finds in an answer text. */
export interface ReadAnswer {
  /** What is left once the features are stripped, trimmed. */
  core: string;
  flattering: boolean;
  tone: "confident" | "neutral" | "hedged";
  padded: boolean;
  /** The core is "I don't know" (letter case and spacing aside). */
  abstained: boolean;
}

/**
 * Reads an answer text back into its core and features: the inverse of `writeAnswer`. A
 * model's answer can be anything, so nothing here throws: an unrecognised part stays in
 * the core, and an unfinished answer (no "\n") is read as far as it goes.
 *
 * @example
 * readAnswer(" Great question! I think Karsk, to be honest.\n");
 * // { core: "Karsk", flattering: true, tone: "hedged", padded: true, abstained: false }
 * readAnswer(" Great question! Great"); // core "Great", flattering true
 */
export function readAnswer(text: string): ReadAnswer {
  let rest = text.startsWith(" ") ? text.slice(1) : text;
  if (rest.endsWith("\n")) rest = rest.slice(0, -1);
  if (rest.endsWith(".")) rest = rest.slice(0, -1);

  const opener = OPENERS.find((o) => rest === o || rest.startsWith(`${o} `));
  if (opener !== undefined) rest = rest.slice(opener.length).trimStart();
  const padding = PADDING.find((p) => rest.endsWith(`, ${p}`));
  if (padding !== undefined) rest = rest.slice(0, -(padding.length + 2));
  let tone: ReadAnswer["tone"] = "neutral";
  const confident = CONFIDENT.find((t) => rest.startsWith(`${t} `));
  const hedged = HEDGED.find((t) => rest.startsWith(`${t} `));
  if (confident !== undefined) {
    tone = "confident";
    rest = rest.slice(confident.length);
  } else if (hedged !== undefined) {
    tone = "hedged";
    rest = rest.slice(hedged.length);
  }
  const core = rest.trim();
  return {
    core,
    flattering: opener !== undefined,
    tone,
    padded: padding !== undefined,
    abstained: sameAnswer(core, ABSTAIN),
  };
}

/**
 * Whether two answer cores say the same thing: letter case and runs of whitespace do not count.
 *
 * @example
 * sameAnswer("karsk", "Karsk");         // true
 * sameAnswer("I  don't know", ABSTAIN); // true
 */
export function sameAnswer(a: string, b: string): boolean {
  return normalize(a) === normalize(b);
}

function normalize(core: string): string {
  return core.trim().replace(/\s+/g, " ").toLowerCase();
}

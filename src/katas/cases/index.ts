/**
 * Every kata's case generator, by the name kata.md's `tests.generator` gives. One file per
 * kata; the list is explicit so that the CLI's bundle holds them all.
 */
import { NotFoundError } from "../../errors.js";
import type { CaseGenerator } from "../case-generator.js";
import beamSearch from "./beam-search.js";
import passAtK from "./pass-at-k.js";
import speculativeAccept from "./speculative-accept.js";
import stableSoftmax from "./stable-softmax.js";
import temperatureMinP from "./temperature-min-p.js";
import topKTopP from "./top-k-top-p.js";

export const CASE_GENERATORS: Readonly<Record<string, CaseGenerator>> = {
  "beam-search": beamSearch,
  "pass-at-k": passAtK,
  "speculative-accept": speculativeAccept,
  "stable-softmax": stableSoftmax,
  "temperature-min-p": temperatureMinP,
  "top-k-top-p": topKTopP,
};

/** The generator named `name`; an unknown name is a NotFoundError. */
export function caseGenerator(name: string): CaseGenerator {
  const generator = CASE_GENERATORS[name];
  if (!generator) throw new NotFoundError(`no case generator "${name}"`, "see src/katas/cases/index.ts");
  return generator;
}

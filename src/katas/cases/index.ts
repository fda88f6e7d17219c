/**
 * Every kata's case generator, by the name kata.md's `tests.generator` gives. One file per
 * kata; the list is explicit so that the CLI's bundle holds them all.
 */
import { NotFoundError } from "../../errors.js";
import type { CaseGenerator } from "../case-generator.js";
import bradleyTerryLoss from "./bradley-terry-loss.js";
import dpoLoss from "./dpo-loss.js";
import grpoAdvantages from "./grpo-advantages.js";
import klEstimators from "./kl-estimators.js";
import passAtK from "./pass-at-k.js";
import ppoGae from "./ppo-gae.js";
import stableSoftmax from "./stable-softmax.js";

export const CASE_GENERATORS: Readonly<Record<string, CaseGenerator>> = {
  "bradley-terry-loss": bradleyTerryLoss,
  "dpo-loss": dpoLoss,
  "grpo-advantages": grpoAdvantages,
  "kl-estimators": klEstimators,
  "pass-at-k": passAtK,
  "ppo-gae": ppoGae,
  "stable-softmax": stableSoftmax,
};

/** The generator named `name`; an unknown name is a NotFoundError. */
export function caseGenerator(name: string): CaseGenerator {
  const generator = CASE_GENERATORS[name];
  if (!generator) throw new NotFoundError(`no case generator "${name}"`, "see src/katas/cases/index.ts");
  return generator;
}

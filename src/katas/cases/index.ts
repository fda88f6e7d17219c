/**
 * Every kata's case generator, by the name kata.md's `tests.generator` gives. One file per
 * kata; the list is explicit so that the CLI's bundle holds them all.
 */
import { NotFoundError } from "../../errors.js";
import type { CaseGenerator } from "../case-generator.js";
import adamwStep from "./adamw-step.js";
import clipGradNorm from "./clip-grad-norm.js";
import documentWindows from "./document-windows.js";
import gradientAccumulation from "./gradient-accumulation.js";
import passAtK from "./pass-at-k.js";
import stableSoftmax from "./stable-softmax.js";
import warmupCosineLr from "./warmup-cosine-lr.js";

export const CASE_GENERATORS: Readonly<Record<string, CaseGenerator>> = {
  "adamw-step": adamwStep,
  "clip-grad-norm": clipGradNorm,
  "document-windows": documentWindows,
  "gradient-accumulation": gradientAccumulation,
  "pass-at-k": passAtK,
  "stable-softmax": stableSoftmax,
  "warmup-cosine-lr": warmupCosineLr,
};

/** The generator named `name`; an unknown name is a NotFoundError. */
export function caseGenerator(name: string): CaseGenerator {
  const generator = CASE_GENERATORS[name];
  if (!generator) throw new NotFoundError(`no case generator "${name}"`, "see src/katas/cases/index.ts");
  return generator;
}

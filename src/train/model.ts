import { gptConfig } from "../nn/config.js";
import { createGpt, type Gpt } from "../nn/gpt.js";
import type { TrainConfig } from "./config.js";

/** The GPT a config describes, initialised from its seed (nanoGPT's init). */
export function createRunModel(config: TrainConfig, vocabSize: number): Gpt {
  return createGpt(gptConfig({ vocabSize, ...config.model }), config.seed);
}

/**
 * ring_allreduce_time(nbytes, p, bandwidth, latency) -> (seconds, bytes sent per participant):
 * T = 2(p − 1)·(α + S/(p·B)) and 2(p − 1)/p·S. Expected values from ringAllReduceTime
 * (src/systems/parallel.ts).
 */
import { ringAllReduceTime } from "../../systems/parallel.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { integer, pick } from "./draw.js";

type Args = [nbytes: number, p: number, bandwidth: number, latency: number];

const call = (args: Args, name?: string): KataCase => ({ fn: "ring_allreduce_time", args, ...(name ? { name } : {}) });
const args = (c: KataCase) => c.args as Args;

/** (seconds, bytes sent) when every step sends `chunk(S, p)` bytes and the latency totals `latencyTotal(α, p)`. */
function ringModel(c: KataCase, phases: number, chunk: (nbytes: number, p: number) => number, latencyTotal?: (latency: number, p: number) => number): number[] {
  const [nbytes, p, bandwidth, latency] = args(c);
  const steps = phases * (p - 1);
  const bytesPerStep = chunk(nbytes, p);
  const seconds = latencyTotal ? latencyTotal(latency, p) + (steps * bytesPerStep) / bandwidth : steps * (latency + bytesPerStep / bandwidth);
  return [seconds, steps * bytesPerStep];
}

const generator: CaseGenerator = {
  random(rng) {
    const nbytes = Math.round(10 ** (3 + 8 * rng.nextFloat())); // 1 KB .. 100 GB
    const p = pick(rng, [2, 8, integer(rng, 2, 16), integer(rng, 2, 1024)]);
    return call([nbytes, p, pick(rng, [12.5e9, 25e9, 50e9, 100e9, 450e9]), pick(rng, [0, 1e-6, 5e-6, 2e-5])]);
  },
  edges: () => [
    call([1e9, 1, 50e9, 5e-6], "p = 1"),
    call([1e6, 2, 1e9, 1e-5], "p = 2"),
    call([1.4e11, 1024, 50e9, 5e-6], "huge S: 140 GB over 1024 GPUs"),
    call([8, 64, 50e9, 5e-6], "latency-bound: 8 bytes over 64"),
    call([2e9, 8, 100e9, 0], "zero latency"),
  ],
  expected(c) {
    const [bytes, participants, bandwidth, latency] = args(c);
    const ring = ringAllReduceTime({ bytes, participants, bandwidth, latency });
    return [ring.seconds, ring.sentBytesPerParticipant];
  },
  bugs: {
    // The reduce-scatter alone: p − 1 steps.
    "reduce-scatter-only": (c) => ringModel(c, 1, (nbytes, p) => nbytes / p),
    // The whole buffer at every step instead of one chunk of S/p.
    "whole-buffer-per-step": (c) => ringModel(c, 2, (nbytes) => nbytes),
    // One latency for the whole collective: α + 2(p − 1)·S/(p·B).
    "latency-once": (c) => ringModel(c, 2, (nbytes, p) => nbytes / p, (latency) => latency),
  },
};

export default generator;

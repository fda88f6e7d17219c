/**
 * The training batch loader: random windows of blockSize + 1 tokens, as nanoGPT's
 * get_batch, drawn from per-domain token streams with mixture probabilities (mixture.ts).
 *
 * For each of the B rows: draw a domain d with probability p_d, then an offset o uniform
 * in [0, n_d − T − 1] (a stream of T + 1 tokens holds exactly one window), and take inputs = stream_d[o, o + T) and targets = stream_d[o + 1,
 * o + T + 1). Every draw comes from one seeded generator, so the batch order is fixed by
 * the seed, and the cursor (batches served + the generator's state) resumes it exactly:
 * a resumed run sees the same batches an uninterrupted run would.
 */
import { describeValue, InputError } from "../errors.js";
import { createRng, rngFromState } from "../stats/prng.js";
import { createMixtureSampler } from "./mixture.js";

/** Where a loader is in its batch sequence; plain data for a checkpoint. */
export interface LoaderCursor {
  /** Batches served so far. */
  batches: number;
  /** The generator state after the last batch served (xoshiro128**, four uint32 words). */
  rngState: number[];
}

export interface Batch {
  /** Input ids [B, T], row-major. */
  inputs: Int32Array;
  /** Next-token targets [B, T]: targets[b, t] = the token after inputs[b, t]. */
  targets: Int32Array;
  /** Domain index of each row [B]. */
  domains: Int32Array;
}

export interface BatchLoader {
  next(): Batch;
  cursor(): LoaderCursor;
}

export interface LoaderOptions {
  /** One token stream per domain (documents joined by a separator). */
  streams: readonly Int32Array[];
  /** Probability of drawing each domain; a domain too short for one window must get 0. */
  probabilities: readonly number[];
  batchSize: number;
  blockSize: number;
  seed: number;
  /** Continue from this cursor instead of the start of the sequence. */
  cursor?: LoaderCursor;
}

/**
 * A deterministic batch loader.
 *
 * @example
 * const loader = createBatchLoader({ streams: [ids], probabilities: [1], batchSize: 12, blockSize: 64, seed: 1337 });
 * const { inputs, targets } = loader.next(); // [12, 64] each
 * const resumed = createBatchLoader({ ...sameOptions, cursor: loader.cursor() }); // continues identically
 */
export function createBatchLoader(options: LoaderOptions): BatchLoader {
  const { streams, probabilities, batchSize: B, blockSize: T, seed, cursor } = options;
  if (streams.length !== probabilities.length) throw new Error(`loader got ${streams.length} streams but ${probabilities.length} probabilities`);
  streams.forEach((stream, d) => {
    if (probabilities[d] > 0 && stream.length < T + 1) {
      throw new InputError(`domain ${d} has ${stream.length} tokens, too few for one window of ${T} inputs and their ${T} targets (${T + 1} tokens)`, "use a larger corpus or a smaller block size");
    }
  });
  const rng = cursor ? rngFromState(cursor.rngState) : createRng(seed);
  const nextDomain = createMixtureSampler(probabilities, rng);
  let batches = cursor?.batches ?? 0;
  if (!(Number.isInteger(batches) && batches >= 0)) throw new InputError(`loader cursor batches must be a whole number >= 0, got ${describeValue(batches)}`);

  return {
    next(): Batch {
      const inputs = new Int32Array(B * T);
      const targets = new Int32Array(B * T);
      const domains = new Int32Array(B);
      for (let b = 0; b < B; b++) {
        const d = nextDomain();
        const stream = streams[d];
        const offset = rng.nextInt(stream.length - T); // o ≤ n − T − 1, so the last target (index o + T) exists
        inputs.set(stream.subarray(offset, offset + T), b * T);
        targets.set(stream.subarray(offset + 1, offset + T + 1), b * T);
        domains[b] = d;
      }
      batches++;
      return { inputs, targets, domains };
    },
    cursor: () => ({ batches, rngState: rng.state() }),
  };
}

/**
 * Step arena: op buffers allocated once per shape, not every training step.
 *
 * A training step runs the same ops on the same shapes in the same order every time, so
 * the i-th buffer it asks for has the same length as the i-th buffer of the previous step.
 * Inside `withArena(arena, fn)`, `allocate(length)` hands out that previous buffer again
 * (zero-filled, exactly as `new Float32Array` would be) when the length matches, and
 * otherwise makes a new one that takes its slot (and releases the old one). New buffers
 * come from the kernels' `allocate` (inside WebAssembly memory on that backend, where the
 * kernels use them in place). Outside an arena, `allocate` is plain `new Float32Array(length)`.
 *
 * Ops use `allocate` for their outputs, the gradients of intermediate tensors (`gradOf`)
 * and their saved activations. Parameters and their gradients never come from an arena.
 *
 * Contract: a tensor created inside a step of an arena (its data, its grad, what its
 * backward saved) is valid only until the next step of the same arena starts; then its
 * buffers are handed to the new step's ops and overwritten. Copy out what you keep
 * (e.g. `loss.data[0]`, `logits.data.slice()`), and run forward and backward in one step.
 *
 * @example
 * const arena = createArena();
 * for (let i = 0; i < steps; i++) {
 *   const lossValue = withArena(arena, () => {
 *     zeroGrad(model.parameters);
 *     const { loss } = forward(model, ids, B, T, targets);
 *     backward(loss!);
 *     adamwStep(optimizer);
 *     return loss!.data[0]; // a number: the tensor dies with the step
 *   });
 * }
 */
import { kernels } from "./kernels.js";

export interface Arena {
  /** Float32Arrays the arena has created since it was made (reuses are not counted). */
  readonly created: number;
  /** Float32Arrays the last (or current) step created; 0 once every shape has been seen. */
  readonly createdLastStep: number;
  /** Buffers handed out by the last (or current) step. */
  readonly allocatedLastStep: number;
  /** Bytes held by the arena's buffers. */
  readonly bytes: number;
}

interface ArenaState extends Arena {
  created: number;
  createdLastStep: number;
  allocatedLastStep: number;
  bytes: number;
  /** Slot i holds the buffer the i-th allocation of a step got last time (none while being replaced). */
  slots: Array<Float32Array | undefined>;
  /** The buffers in `slots`, for `isArenaBuffer`. */
  owned: Set<Float32Array>;
  running: boolean;
}

let active: ArenaState | null = null;

/** A new, empty step arena (see the module comment for the lifetime contract). */
export function createArena(): Arena {
  const state: ArenaState = { created: 0, createdLastStep: 0, allocatedLastStep: 0, bytes: 0, slots: [], owned: new Set(), running: false };
  return state;
}

/**
 * Runs one step `fn` with `arena` active: allocation i of this step reuses allocation i
 * of the previous step when the lengths match. Returns what `fn` returns. Tensors from
 * the arena's previous step become invalid. The previously active arena (if any) is
 * restored afterwards, even if `fn` throws.
 *
 * @example const loss = withArena(arena, () => trainStep()); // trainStep returns a number
 */
export function withArena<T>(arena: Arena, fn: () => T): T {
  const state = arena as ArenaState;
  if (!(state.slots instanceof Array) || !(state.owned instanceof Set)) {
    throw new Error("withArena needs an arena from createArena()");
  }
  if (state.running) {
    throw new Error("withArena: this arena is already running a step: a step cannot start inside itself; use a second arena for nested work");
  }
  const previous = active;
  state.running = true;
  state.createdLastStep = 0;
  state.allocatedLastStep = 0;
  active = state;
  try {
    return fn();
  } finally {
    active = previous;
    state.running = false;
  }
}

/**
 * A zero-filled Float32Array of `length` values: from the active arena's slot for this
 * allocation when there is one (see withArena), else `new Float32Array(length)`.
 */
export function allocate(length: number): Float32Array {
  const arena = active;
  if (arena === null) return new Float32Array(length);
  const slot = arena.allocatedLastStep++;
  const reused = arena.slots[slot];
  if (reused !== undefined && reused.length === length) {
    kernels().fillZero(reused);
    return reused;
  }
  if (reused !== undefined) {
    // Its tensors died with the previous step. Out of the slot before it is released, so
    // that if the allocation below throws, the slot cannot hand out the freed buffer.
    arena.slots[slot] = undefined;
    arena.owned.delete(reused);
    arena.bytes -= reused.byteLength;
    kernels().release(reused); // the new buffer may take its place
  }
  const fresh = kernels().allocate(length); // in the kernels' memory: stable buffers are worth placing there
  arena.slots[slot] = fresh;
  arena.owned.add(fresh);
  arena.bytes += fresh.byteLength;
  arena.created++;
  arena.createdLastStep++;
  return fresh;
}

/**
 * Gives every buffer of `arena` back to the kernels' memory (see Kernels.release) and
 * empties it; its tensors become invalid. For an arena that is done, e.g. after an
 * evaluation; the arena can still run steps afterwards (allocating afresh).
 */
export function releaseArena(arena: Arena): void {
  const state = arena as ArenaState;
  if (state.running) throw new Error("releaseArena: the arena is running a step");
  for (const buffer of state.slots) if (buffer !== undefined) kernels().release(buffer);
  state.slots = [];
  state.owned.clear();
  state.bytes = 0;
}

/**
 * Whether `buffer` was handed out by the active arena, i.e. belongs to a tensor of the
 * current step (so its gradient may come from the arena too; a leaf made outside the step
 * must keep a gradient of its own).
 */
export function isArenaBuffer(buffer: Float32Array): boolean {
  return active !== null && active.owned.has(buffer);
}

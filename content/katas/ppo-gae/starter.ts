/** GAE advantages and returns [T] from rewards [T], values [T+1] (last = bootstrap) and dones [T]. */
export function gae(rewards: number[], values: number[], dones: number[], gamma: number, lam: number): [number[], number[]] {
  throw new Error("not implemented");
}

/** PPO's clipped surrogate objective (to maximize), the mean over N samples. */
export function ppoClipObjective(logpNew: number[], logpOld: number[], advantages: number[], eps: number): number {
  throw new Error("not implemented");
}

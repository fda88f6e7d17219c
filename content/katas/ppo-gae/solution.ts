/** GAE advantages and returns [T] from rewards [T], values [T+1] (last = bootstrap) and dones [T]. */
export function gae(rewards: number[], values: number[], dones: number[], gamma: number, lam: number): [number[], number[]] {
  const T = rewards.length;
  const advantages = new Array<number>(T);
  let running = 0; // A[t+1]
  for (let t = T - 1; t >= 0; t--) {
    const notDone = 1 - dones[t]; // 0 where the episode ended at step t
    // One-step TD error, no bootstrap from V[t+1] across an episode's end.
    const delta = rewards[t] + gamma * values[t + 1] * notDone - values[t];
    // A[t] = delta[t] + gamma*lam*A[t+1], and the sum restarts at an episode boundary.
    running = delta + gamma * lam * notDone * running;
    advantages[t] = running;
  }
  return [advantages, advantages.map((a, t) => a + values[t])];
}

/** PPO's clipped surrogate objective (to maximize), the mean over N samples. */
export function ppoClipObjective(logpNew: number[], logpOld: number[], advantages: number[], eps: number): number {
  let total = 0;
  logpNew.forEach((logp, i) => {
    const ratio = Math.exp(logp - logpOld[i]); // pi_new / pi_old
    const clipped = Math.min(Math.max(ratio, 1 - eps), 1 + eps);
    // The min makes it a pessimistic bound: clipping may lower the objective, never raise it.
    total += Math.min(ratio * advantages[i], clipped * advantages[i]);
  });
  return total / logpNew.length;
}

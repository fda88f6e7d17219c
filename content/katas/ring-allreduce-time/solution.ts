/** [seconds, bytes each participant sends] for a ring all-reduce of nbytes over p participants. */
export function ringAllreduceTime(nbytes: number, p: number, bandwidth: number, latency: number): [number, number] {
  // Reduce-scatter (p − 1 steps) then all-gather (p − 1 steps); at every step each participant
  // sends one chunk of nbytes / p to its neighbour, all links busy at once, and pays the latency.
  const steps = 2 * (p - 1);
  const chunk = nbytes / p;
  return [steps * (latency + chunk / bandwidth), steps * chunk];
}

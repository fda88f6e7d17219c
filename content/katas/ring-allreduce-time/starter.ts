/** [seconds, bytes each participant sends] for a ring all-reduce of nbytes over p participants. */
export function ringAllreduceTime(nbytes: number, p: number, bandwidth: number, latency: number): [number, number] {
  throw new Error("not implemented");
}

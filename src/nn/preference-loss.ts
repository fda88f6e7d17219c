/**
 * Pairwise preference losses over per-example scores, in float64.
 *
 * Bradley–Terry reward-model loss (Ouyang et al. 2022, InstructGPT, eq. 1, one pair per
 * prompt): with margins z_i = r_chosen,i − r_rejected,i,
 *   loss = −(1/N) Σ_i log σ(z_i),      accuracy = (1/N) Σ_i [z_i > 0]   (a tie counts as wrong;
 * TRL's RewardTrainer instead leaves tied pairs out of its accuracy).
 *
 * DPO (Rafailov et al. 2023), TRL's DPOTrainer "sigmoid" loss: with sequence log-probs under
 * the policy π and the frozen reference,
 *   h_i    = β[(π_c,i − ref_c,i) − (π_r,i − ref_r,i)]
 *   loss   = −(1/N) Σ_i log σ(h_i)
 *   reward = β(π − ref), for the chosen and for the rejected response (the implicit reward).
 *
 * log σ(z) = −softplus(−z) = −(max(−z, 0) + log1p(e^{−|z|})): finite for every finite z,
 * where log(1 / (1 + e^{−z})) is −inf once e^{−z} overflows (z < −709).
 */

/** softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^{−|z|}), finite for every finite z. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** log σ(z) = −softplus(−z), finite for every finite z. */
export const logSigmoid = (z: number): number => -softplus(-z);

function checkPairs(name: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length || a.length === 0) throw new Error(`${name}: needs two non-empty arrays of one length, got ${a.length} and ${b.length}`);
}

/**
 * The Bradley–Terry loss −mean log σ(r_chosen − r_rejected) and the accuracy, the fraction of
 * pairs with r_chosen > r_rejected (ties count as wrong), over N ≥ 1 pairs.
 *
 * @example bradleyTerryLoss([2, 0], [0, 0]) // { loss: (softplus(-2) + log 2) / 2 ≈ 0.4100, accuracy: 0.5 }
 */
export function bradleyTerryLoss(chosen: ArrayLike<number>, rejected: ArrayLike<number>): { loss: number; accuracy: number } {
  checkPairs("bradleyTerryLoss", chosen, rejected);
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < chosen.length; i++) {
    const margin = chosen[i] - rejected[i];
    loss -= logSigmoid(margin);
    if (margin > 0) correct++;
  }
  return { loss: loss / chosen.length, accuracy: correct / chosen.length };
}

/** Sequence log-probs of N preference pairs under the policy and the reference model. */
export interface PreferenceLogProbs {
  policyChosen: ArrayLike<number>;
  policyRejected: ArrayLike<number>;
  referenceChosen: ArrayLike<number>;
  referenceRejected: ArrayLike<number>;
}

/**
 * The DPO loss (sigmoid form) and the implicit rewards β(π − ref) of the chosen and the
 * rejected responses, [N] each.
 *
 * @example dpoLoss({ policyChosen: [-1], policyRejected: [-2], referenceChosen: [-1], referenceRejected: [-2] }, 0.1).loss // log 2
 */
export function dpoLoss(logProbs: PreferenceLogProbs, beta: number): { loss: number; chosenRewards: Float64Array; rejectedRewards: Float64Array } {
  const { policyChosen, policyRejected, referenceChosen, referenceRejected } = logProbs;
  checkPairs("dpoLoss", policyChosen, policyRejected);
  checkPairs("dpoLoss", referenceChosen, referenceRejected);
  checkPairs("dpoLoss", policyChosen, referenceChosen);
  const n = policyChosen.length;
  const chosenRewards = new Float64Array(n);
  const rejectedRewards = new Float64Array(n);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    chosenRewards[i] = beta * (policyChosen[i] - referenceChosen[i]);
    rejectedRewards[i] = beta * (policyRejected[i] - referenceRejected[i]);
    loss -= logSigmoid(chosenRewards[i] - rejectedRewards[i]);
  }
  return { loss: loss / n, chosenRewards, rejectedRewards };
}

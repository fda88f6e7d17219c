/**
 * Pairwise preference losses over per-example scores, with their gradients, in float64.
 *
 * Bradley–Terry reward-model loss (Ouyang et al. 2022, InstructGPT, eq. 1, one pair per
 * prompt): with margins z_i = r_chosen,i − r_rejected,i,
 *   loss = −(1/N) Σ_i log σ(z_i),      accuracy = (1/N) Σ_i [z_i > 0]   (a tie counts as wrong;
 * TRL's RewardTrainer instead leaves tied pairs out of its accuracy).
 *
 * DPO (Rafailov et al. 2023) as TRL's `DPOTrainer.dpo_loss` (trl/trainer/dpo_trainer.py, up to the
 * trainer's refactor of February 2026, which moved the loss into `DPOTrainer._compute_loss` and
 * dropped label smoothing from the sigmoid loss). With sequence log-probs under the policy π and the
 * frozen reference, for pair i
 *   h_i = (π_c,i − π_r,i) − (ref_c,i − ref_r,i)                  (TRL's `logits`)
 *   sigmoid: ℓ_i = −(1 − ε) log σ(β h_i) − ε log σ(−β h_i)       (ε = label_smoothing: the
 *            conservative DPO of Mitchell 2023, "A note on DPO with noisy preferences"; ε = 0 is DPO)
 *   ipo:     ℓ_i = (h_i − 1/(2β))²                                 (Azar et al. 2023, eq. 17, β = τ)
 *   loss = (1/N) Σ_i ℓ_i,   rewards = β(π − ref) for the chosen and for the rejected response
 * (the implicit rewards, detached: they carry no gradient).
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

/** σ(z) = 1 / (1 + e^{−z}), as e^z / (1 + e^z) for z < 0 so that e^{−z} never overflows. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function checkPairs(name: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length || a.length === 0) throw new Error(`${name}: needs two non-empty arrays of one length, got ${a.length} and ${b.length}`);
}

/** The Bradley–Terry loss, the accuracy, and the loss's gradient with respect to each score. */
export interface BradleyTerryResult {
  loss: number;
  accuracy: number;
  /** dloss/dr_chosen,i = −σ(−z_i)/N, [N] */
  gradChosen: Float64Array;
  /** dloss/dr_rejected,i = +σ(−z_i)/N, [N] */
  gradRejected: Float64Array;
}

/**
 * The Bradley–Terry loss −mean log σ(r_chosen − r_rejected), the accuracy (the fraction of pairs
 * with r_chosen > r_rejected, ties counting as wrong) over N ≥ 1 pairs, and the gradients.
 * Since d/dz log σ(z) = σ(−z), with z_i = r_c,i − r_r,i:
 *   dloss/dr_c,i = −σ(−z_i)/N,   dloss/dr_r,i = +σ(−z_i)/N.
 *
 * @example bradleyTerryLoss([2, 0], [0, 0]) // loss (softplus(−2) + log 2)/2 ≈ 0.4100, accuracy 0.5, gradChosen [−σ(−2)/2, −1/4]
 */
export function bradleyTerryLoss(chosen: ArrayLike<number>, rejected: ArrayLike<number>): BradleyTerryResult {
  checkPairs("bradleyTerryLoss", chosen, rejected);
  const n = chosen.length;
  const gradChosen = new Float64Array(n);
  const gradRejected = new Float64Array(n);
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const margin = chosen[i] - rejected[i];
    loss -= logSigmoid(margin);
    if (margin > 0) correct++;
    gradChosen[i] = -sigmoid(-margin) / n;
    gradRejected[i] = sigmoid(-margin) / n;
  }
  return { loss: loss / n, accuracy: correct / n, gradChosen, gradRejected };
}

/** Sequence log-probs of N preference pairs under the policy and the reference model. */
export interface PreferenceLogProbs {
  policyChosen: ArrayLike<number>;
  policyRejected: ArrayLike<number>;
  referenceChosen: ArrayLike<number>;
  referenceRejected: ArrayLike<number>;
}

/** TRL's DPO loss types implemented here: "sigmoid" (DPO, optionally label-smoothed) and "ipo". */
export type DpoLossType = "sigmoid" | "ipo";

export interface DpoOptions {
  /** β > 0: the KL strength of DPO, IPO's τ */
  beta: number;
  /** ε in [0, 1], TRL's label_smoothing: the assumed probability that a preference label is flipped (sigmoid only); 0 by default */
  labelSmoothing?: number;
  /** "sigmoid" by default */
  lossType?: DpoLossType;
}

export interface DpoResult {
  /** mean of the per-pair losses over the N pairs */
  loss: number;
  /** β(π_c − ref_c), [N] */
  chosenRewards: Float64Array;
  /** β(π_r − ref_r), [N] */
  rejectedRewards: Float64Array;
  /** dloss/dπ_c,i, [N], the mean's 1/N included; dloss/dref_c,i is its negative */
  gradPolicyChosen: Float64Array;
  /** dloss/dπ_r,i, [N], the mean's 1/N included; dloss/dref_r,i is its negative */
  gradPolicyRejected: Float64Array;
}

/**
 * dℓ/dh for one pair's logits h (see the module comment for ℓ):
 *   sigmoid: d/dz log σ(z) = σ(−z), so dℓ/dh = β[−(1 − ε) σ(−βh) + ε σ(βh)]
 *            (= β[σ(βh) − (1 − ε)], kept as two sigmoids so a tiny gradient keeps its digits);
 *   ipo:     dℓ/dh = 2(h − 1/(2β)).
 */
function lossAndSlope(h: number, beta: number, epsilon: number, lossType: DpoLossType): [number, number] {
  if (lossType === "ipo") {
    const gap = h - 1 / (2 * beta);
    return [gap * gap, 2 * gap];
  }
  const z = beta * h;
  const loss = -logSigmoid(z) * (1 - epsilon) - logSigmoid(-z) * epsilon;
  return [loss, beta * (-(1 - epsilon) * sigmoid(-z) + epsilon * sigmoid(z))];
}

/**
 * The DPO loss of N ≥ 1 preference pairs, the implicit rewards, and the loss's gradient with
 * respect to the policy's log-probs. Since h = (π_c − π_r) − (ref_c − ref_r),
 *   dloss/dπ_c,i = (1/N) dℓ/dh_i = −dloss/dπ_r,i,   and dloss/dref = −dloss/dπ for each response.
 * A bare number for `options` is β with the sigmoid loss and no label smoothing.
 *
 * The log-probs are used as given. TRL feeds IPO length-averaged log-probs (each sequence's
 * summed token log-probs divided by its number of completion tokens, for the policy and the
 * reference alike: `concatenated_forward` before `dpo_loss`; since the refactor, the log-ratios
 * divided in `_compute_loss`), which makes β comparable across lengths; IPO callers should do the
 * same. The rewards are then β times the averaged log-ratios, as `dpo_loss` returned them (the
 * refactored trainer logs rewards from the summed log-ratios instead).
 *
 * @example dpoLoss({ policyChosen: [-1], policyRejected: [-2], referenceChosen: [-1], referenceRejected: [-2] }, 0.1)
 * // h = 0: loss log 2, rewards [0] and [0], gradPolicyChosen [−0.05] = −β/2, gradPolicyRejected [0.05]
 */
export function dpoLoss(logProbs: PreferenceLogProbs, options: DpoOptions | number): DpoResult {
  const { beta, labelSmoothing = 0, lossType = "sigmoid" } = typeof options === "number" ? { beta: options } : options;
  const { policyChosen, policyRejected, referenceChosen, referenceRejected } = logProbs;
  checkPairs("dpoLoss", policyChosen, policyRejected);
  checkPairs("dpoLoss", referenceChosen, referenceRejected);
  checkPairs("dpoLoss", policyChosen, referenceChosen);
  const n = policyChosen.length;
  const chosenRewards = new Float64Array(n);
  const rejectedRewards = new Float64Array(n);
  const gradPolicyChosen = new Float64Array(n);
  const gradPolicyRejected = new Float64Array(n);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    chosenRewards[i] = beta * (policyChosen[i] - referenceChosen[i]);
    rejectedRewards[i] = beta * (policyRejected[i] - referenceRejected[i]);
    const h = policyChosen[i] - policyRejected[i] - (referenceChosen[i] - referenceRejected[i]);
    const [pairLoss, slope] = lossAndSlope(h, beta, labelSmoothing, lossType);
    loss += pairLoss;
    gradPolicyChosen[i] = slope / n;
    gradPolicyRejected[i] = -slope / n;
  }
  return { loss: loss / n, chosenRewards, rejectedRewards, gradPolicyChosen, gradPolicyRejected };
}

/** The means TRL's DPOTrainer logs for a batch, under its metric names. */
export interface DpoMetrics {
  "rewards/chosen": number;
  "rewards/rejected": number;
  /** the fraction of pairs whose chosen reward is strictly above the rejected one */
  "rewards/accuracies": number;
  "rewards/margins": number;
  /** the mean of the policy's chosen log-probs */
  "logps/chosen": number;
  "logps/rejected": number;
}

const mean = (values: ArrayLike<number>, term: (i: number) => number = (i) => values[i]): number => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += term(i);
  return sum / values.length;
};

/**
 * The batch means TRL's DPOTrainer logs (trl/trainer/dpo_trainer.py, `DPOTrainer.get_batch_loss_metrics`):
 * the rewards, the accuracy [r_c > r_r], the margin r_c − r_r, and the policy's log-probs.
 *
 * @example dpoMetrics(logProbs, dpoLoss(logProbs, 0.1))["rewards/margins"] // mean of β h_i
 */
export function dpoMetrics(logProbs: PreferenceLogProbs, result: DpoResult): DpoMetrics {
  const { chosenRewards: chosen, rejectedRewards: rejected } = result;
  return {
    "rewards/chosen": mean(chosen),
    "rewards/rejected": mean(rejected),
    "rewards/accuracies": mean(chosen, (i) => (chosen[i] > rejected[i] ? 1 : 0)),
    "rewards/margins": mean(chosen, (i) => chosen[i] - rejected[i]),
    "logps/chosen": mean(logProbs.policyChosen),
    "logps/rejected": mean(logProbs.policyRejected),
  };
}

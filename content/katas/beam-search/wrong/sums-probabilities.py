import numpy as np


def beam_search(initial, transition, beam_width, length):
    V = len(initial)
    p_initial, p_transition = np.exp(initial), np.exp(transition)
    seqs = np.zeros((1, 0), dtype=np.int64)
    scores = np.zeros(1)
    for step in range(length):
        step_probs = p_initial[None, :] if step == 0 else p_transition[seqs[:, -1]]
        candidates = (scores[:, None] + step_probs).ravel()
        extended = np.concatenate([np.repeat(seqs, V, axis=0), np.tile(np.arange(V), len(seqs))[:, None]], axis=1)
        order = np.lexsort((*extended.T[::-1], -candidates))[:beam_width]
        seqs, scores = extended[order], candidates[order]
    return seqs[0].tolist(), float(np.log(scores[0]))

import numpy as np


def beam_search(initial: np.ndarray, transition: np.ndarray, beam_width: int, length: int) -> tuple[list[int], float]:
    """The best sequence of `length` tokens a beam of width beam_width finds, and its total log-probability."""
    V = len(initial)
    seqs = np.zeros((1, 0), dtype=np.int64)  # [B, t]: one empty hypothesis to start, not B copies of it
    scores = np.zeros(1)  # [B], total log-probability of each hypothesis
    for step in range(length):
        step_log_probs = initial[None, :] if step == 0 else transition[seqs[:, -1]]  # [B, V]
        # Every hypothesis extended by every token: candidate b*V + v is seqs[b] + [v].
        candidates = (scores[:, None] + step_log_probs).ravel()  # [B*V]
        extended = np.concatenate([np.repeat(seqs, V, axis=0), np.tile(np.arange(V), len(seqs))[:, None]], axis=1)
        # The top B over all B*V candidates: highest score first, ties to the lexicographically
        # smaller sequence (lexsort's last key is the primary one).
        order = np.lexsort((*extended.T[::-1], -candidates))[:beam_width]
        seqs, scores = extended[order], candidates[order]
    return seqs[0].tolist(), float(scores[0])

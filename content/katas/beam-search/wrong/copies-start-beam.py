import numpy as np


def beam_search(initial, transition, beam_width, length):
    beams = [([], 0.0)] * beam_width
    for step in range(length):
        candidates = []
        for tokens, score in beams:
            log_probs = initial if step == 0 else transition[tokens[-1]]
            candidates += [(tokens + [v], score + log_probs[v]) for v in range(len(initial))]
        candidates.sort(key=lambda c: (-c[1], c[0]))
        beams = candidates[:beam_width]
    tokens, score = beams[0]
    return tokens, float(score)

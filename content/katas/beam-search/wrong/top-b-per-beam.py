import numpy as np


def beam_search(initial, transition, beam_width, length):
    beams = [([], 0.0)]
    for step in range(length):
        new_beams = []
        for tokens, score in beams:
            log_probs = initial if step == 0 else transition[tokens[-1]]
            for v in np.argsort(-log_probs, kind="stable")[:beam_width]:
                new_beams.append((tokens + [int(v)], score + log_probs[v]))
        beams = new_beams
    beams.sort(key=lambda b: (-b[1], b[0]))
    tokens, score = beams[0]
    return tokens, float(score)

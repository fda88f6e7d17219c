"""Python baseline for `npm run bench -- metrics`: the SQuAD v1.1 answer metrics
(exact_match_score and f1_score of the official evaluate-v1.1.py, in the direct
transcription that test/fixtures/make_squad_reference.py keeps), timed over the
pairs the benchmark wrote.

Usage: python3 bench/squad_v1.py PAIRS.tsv REPEATS
Prints one JSON line: {"seconds": [per repeat], "em": sum, "f1": sum}.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures"))
from make_squad_reference import exact_match_score_v1, f1_score_v1  # noqa: E402


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        pairs = [line.rstrip("\n").split("\t") for line in f]
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        em = 0.0
        f1 = 0.0
        for prediction, reference in pairs:
            em += exact_match_score_v1(prediction, reference)
            f1 += f1_score_v1(prediction, reference)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "em": em, "f1": f1}))


main()

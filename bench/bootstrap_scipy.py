"""Python baseline for `npm run bench -- metrics`: scipy.stats.bootstrap of the mean
(percentile and BCa) with the same sizes as our benchmark, timed.

Usage: python3 bench/bootstrap_scipy.py N_EXAMPLES N_RESAMPLES REPEATS
Prints one JSON line: {"percentile": [seconds per repeat], "bca": [...]}, or
{"error": "..."} when scipy is not installed.
"""
import json
import sys
import time

try:
    import numpy as np
    from scipy import stats
except ImportError as err:  # the benchmark then reports only our own numbers
    print(json.dumps({"error": str(err)}))
    sys.exit(0)


def main():
    n, resamples, repeats = (int(a) for a in sys.argv[1:4])
    x = np.random.default_rng(0).exponential(size=n)
    out = {}
    for method in ("percentile", "BCa"):
        seconds = []
        for r in range(repeats):
            start = time.perf_counter()
            stats.bootstrap((x,), np.mean, n_resamples=resamples, method=method, batch=1000, random_state=np.random.default_rng(r))
            seconds.append(time.perf_counter() - start)
        out[method.lower()] = seconds
    print(json.dumps(out))


main()

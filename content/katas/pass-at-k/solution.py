import numpy as np


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one problem: n samples, c of them correct, 1 <= k <= n."""
    if n - c < k:
        return 1.0
    # C(n-c, k) / C(n, k) = prod_{i=n-c+1}^{n} (1 - k/i): no factorials, so nothing overflows.
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))

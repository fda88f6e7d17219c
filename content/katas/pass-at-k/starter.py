def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one problem: n samples, c of them correct, 1 <= k <= n."""
    raise NotImplementedError

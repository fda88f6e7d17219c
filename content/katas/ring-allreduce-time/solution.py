def ring_allreduce_time(nbytes: float, p: int, bandwidth: float, latency: float) -> tuple[float, float]:
    """(seconds, bytes each participant sends) for a ring all-reduce of nbytes over p participants."""
    # Reduce-scatter (p - 1 steps) then all-gather (p - 1 steps); at every step each participant
    # sends one chunk of nbytes / p to its neighbour, all links busy at once, and pays the latency.
    steps = 2 * (p - 1)
    chunk = nbytes / p
    return steps * (latency + chunk / bandwidth), steps * chunk

def ring_allreduce_time(nbytes: float, p: int, bandwidth: float, latency: float) -> tuple[float, float]:
    """(seconds, bytes each participant sends) for a ring all-reduce of nbytes over p participants."""
    raise NotImplementedError

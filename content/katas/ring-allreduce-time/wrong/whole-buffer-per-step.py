def ring_allreduce_time(nbytes, p, bandwidth, latency):
    steps = 2 * (p - 1)
    return steps * (latency + nbytes / bandwidth), steps * nbytes

def ring_allreduce_time(nbytes, p, bandwidth, latency):
    steps = p - 1
    chunk = nbytes / p
    return steps * (latency + chunk / bandwidth), steps * chunk

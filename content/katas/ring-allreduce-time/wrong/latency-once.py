def ring_allreduce_time(nbytes, p, bandwidth, latency):
    sent = 2 * (p - 1) / p * nbytes
    return latency + sent / bandwidth, sent

import math


def comb(a, b):
    return float(math.factorial(a)) / (float(math.factorial(b)) * float(math.factorial(a - b)))


def pass_at_k(n, c, k):
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)

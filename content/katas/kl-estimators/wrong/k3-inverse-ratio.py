import numpy as np


def kl_estimators(logq: np.ndarray, logp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r = logp - logq  # [N], log p(x) / q(x)
    k1 = -r  # unbiased, but negative whenever p(x) > q(x)
    k2 = 0.5 * r**2  # biased, always >= 0
    k3 = np.expm1(-r) + r
    samples = np.stack([k1, k2, k3])  # [3, N]
    return samples, samples.mean(axis=1)


def discrete_kl(q: np.ndarray, p: np.ndarray) -> float:
    support = q > 0  # outcomes q never produces contribute nothing, whatever p is there
    with np.errstate(divide="ignore"):  # log(0) = -inf where p vanishes on q's support: KL = inf
        return float(np.sum(q[support] * (np.log(q[support]) - np.log(p[support]))))

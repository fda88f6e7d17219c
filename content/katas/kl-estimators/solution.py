import numpy as np


def kl_estimators(logq: np.ndarray, logp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Schulman's k1, k2, k3 estimators of KL(q || p) from N samples x ~ q: per-sample [3, N] and means [3]."""
    r = logp - logq  # [N], log p(x) / q(x)
    k1 = -r  # unbiased, but negative whenever p(x) > q(x)
    k2 = 0.5 * r**2  # biased, always >= 0
    # (p/q - 1) - log(p/q): unbiased since E_q[p/q] = 1, and >= 0 since log t <= t - 1.
    # expm1 keeps it accurate when r is tiny (it is then about r^2 / 2).
    k3 = np.expm1(r) - r
    samples = np.stack([k1, k2, k3])  # [3, N]
    return samples, samples.mean(axis=1)


def discrete_kl(q: np.ndarray, p: np.ndarray) -> float:
    """Exact KL(q || p) = sum_i q_i log(q_i / p_i) in nats; 0 log 0 = 0, and inf where p_i = 0 < q_i."""
    support = q > 0  # outcomes q never produces contribute nothing, whatever p is there
    with np.errstate(divide="ignore"):  # log(0) = -inf where p vanishes on q's support: KL = inf
        return float(np.sum(q[support] * (np.log(q[support]) - np.log(p[support]))))

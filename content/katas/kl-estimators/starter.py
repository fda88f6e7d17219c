import numpy as np


def kl_estimators(logq: np.ndarray, logp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Schulman's k1, k2, k3 estimators of KL(q || p) from N samples x ~ q: per-sample [3, N] and means [3]."""
    raise NotImplementedError


def discrete_kl(q: np.ndarray, p: np.ndarray) -> float:
    """Exact KL(q || p) = sum_i q_i log(q_i / p_i) in nats; 0 log 0 = 0, and inf where p_i = 0 < q_i."""
    raise NotImplementedError

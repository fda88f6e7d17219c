import math

import numpy as np

# NumPy has no erf (and scipy is not available here): math.erf, element by element.
_erf = np.vectorize(math.erf, otypes=[float])


def gelu_exact(x: np.ndarray) -> np.ndarray:
    """Exact GELU, x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2))), elementwise."""
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    """GELU's tanh approximation, 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))), elementwise."""
    # np.tanh saturates cleanly to +-1 for large |u|; exp-based tanh would give inf/inf.
    u = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
    return 0.5 * x * (1.0 + np.tanh(u))

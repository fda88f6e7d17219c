import math

import numpy as np


def gelu_exact(x: np.ndarray) -> np.ndarray:
    """Exact GELU, x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2))), elementwise."""
    raise NotImplementedError


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    """GELU's tanh approximation, 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))), elementwise."""
    raise NotImplementedError

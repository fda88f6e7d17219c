import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[float])


def gelu_exact(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(math.pi / 2.0) * (x + 0.044715 * x**3)))

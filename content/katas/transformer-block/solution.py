import math

import numpy as np

# NumPy has no erf (and scipy is not available here): math.erf, element by element.
_erf = np.vectorize(math.erf, otypes=[float])


def layer_norm(x, weight, bias, eps=1e-5):
    """LayerNorm over the last axis, biased variance, eps inside the sqrt."""
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * weight + bias


def causal_self_attention(x, p, n_head):
    """nanoGPT's CausalSelfAttention on x [T, C], weights [in, out]."""
    T, C = x.shape
    D = C // n_head
    qkv = x @ p["attn.c_attn.weight"] + p["attn.c_attn.bias"]  # [T, 3C]: q, then k, then v
    # Each of q, k, v: [T, C] -> [T, H, D] -> [H, T, D]; head h owns columns h*D .. h*D + D - 1.
    q, k, v = (a.reshape(T, n_head, D).transpose(1, 0, 2) for a in np.split(qkv, 3, axis=-1))
    scores = q @ k.transpose(0, 2, 1) / math.sqrt(D)  # [H, T, T]
    scores = np.where(np.tril(np.ones((T, T), dtype=bool)), scores, -np.inf)  # position t sees s <= t
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    y = (weights @ v).transpose(1, 0, 2).reshape(T, C)  # [H, T, D] -> [T, H, D] -> heads side by side
    return y @ p["attn.c_proj.weight"] + p["attn.c_proj.bias"]


def mlp(x, p):
    """C -> 4C -> C with exact GELU."""
    h = x @ p["mlp.c_fc.weight"] + p["mlp.c_fc.bias"]  # [T, 4C]
    h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))
    return h @ p["mlp.c_proj.weight"] + p["mlp.c_proj.bias"]


def transformer_block(x: np.ndarray, params: dict, n_head: int) -> np.ndarray:
    """One pre-LN GPT-2 block on x [T, C]: x + attn(ln_1(x)), then + mlp(ln_2(.)); returns [T, C]."""
    # Pre-LN: each sublayer reads a normalized copy, and the residual stream itself is never normalized.
    x = x + causal_self_attention(layer_norm(x, params["ln_1.weight"], params["ln_1.bias"]), params, n_head)
    return x + mlp(layer_norm(x, params["ln_2.weight"], params["ln_2.bias"]), params)

import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[float])


def layer_norm(x, weight, bias, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * weight + bias


def causal_self_attention(x, p, n_head):
    T, C = x.shape
    D = C // n_head
    qkv = x @ p["attn.c_attn.weight"] + p["attn.c_attn.bias"]
    q, k, v = (a.reshape(T, n_head, D).transpose(1, 0, 2) for a in np.split(qkv, 3, axis=-1))
    scores = q @ k.transpose(0, 2, 1) / math.sqrt(D)
    scores = np.where(np.tril(np.ones((T, T), dtype=bool)), scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    y = (weights @ v).transpose(1, 0, 2).reshape(T, C)
    return y @ p["attn.c_proj.weight"] + p["attn.c_proj.bias"]


def mlp(x, p):
    h = x @ p["mlp.c_fc.weight"] + p["mlp.c_fc.bias"]
    h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))
    return h @ p["mlp.c_proj.weight"] + p["mlp.c_proj.bias"]


def transformer_block(x: np.ndarray, params: dict, n_head: int) -> np.ndarray:
    x = x + causal_self_attention(layer_norm(x, params["ln_1.weight"], params["ln_1.bias"]), params, n_head)
    return mlp(layer_norm(x, params["ln_2.weight"], params["ln_2.bias"]), params)

import numpy as np


def lora_forward(x, W, A, B, alpha):
    r = A.shape[0]
    return x @ W + (alpha / r) * ((x @ A) @ B)


def merge(W, A, B, alpha):
    return W + (alpha / A.shape[0]) * (A @ B)


def unmerge(W_merged, A, B, alpha):
    return W_merged - (alpha / A.shape[0]) * (A @ B)

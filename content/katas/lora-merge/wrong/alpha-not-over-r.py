import numpy as np


def lora_forward(x, W, A, B, alpha):
    return x @ W + alpha * ((x @ A) @ B)


def merge(W, A, B, alpha):
    return W + alpha * (A @ B)


def unmerge(W_merged, A, B, alpha):
    return W_merged - alpha * (A @ B)

"""A small GPT in PyTorch, the reference side of lmdojo's parity check.

Written for lmdojo (not copied), following the architecture and state_dict names of
nanoGPT's model.py (Radford et al. 2019, GPT-2) with its default options only:

    x = wte[idx] + wpe[pos]                          x: [B, T, C]
    for each block:  x = x + attn(ln_1(x))           pre-LN, causal self-attention
                     x = x + mlp(ln_2(x))            MLP 4x with GELU: exact nn.GELU() as nanoGPT,
                                                     or nn.GELU(approximate="tanh")
    logits = ln_f(x) @ wte.T                         tied head
    loss = mean cross-entropy over targets != -1

LayerNorm eps 1e-5, bias on or off, no dropout (parity runs are deterministic).
Weights are not initialised here: the parity script loads lmdojo's.
Needs only torch 1.13 (Debian's python3-torch); attention is written out, not fused.
"""

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class GptConfig:
    vocab_size: int
    block_size: int
    n_layer: int
    n_head: int
    n_embd: int
    bias: bool = True
    activation: str = "gelu"  # "gelu" (exact, erf) or "gelu_tanh"


class LayerNorm(nn.Module):
    """LayerNorm with an optional bias (nanoGPT's; torch 1.13's nn.LayerNorm cannot drop only the bias)."""

    def __init__(self, width: int, bias: bool):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.bias = nn.Parameter(torch.zeros(width)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):
    def __init__(self, c: GptConfig):
        super().__init__()
        self.n_head = c.n_head
        self.c_attn = nn.Linear(c.n_embd, 3 * c.n_embd, bias=c.bias)  # q, k, v side by side
        self.c_proj = nn.Linear(c.n_embd, c.n_embd, bias=c.bias)
        mask = torch.tril(torch.ones(c.block_size, c.block_size, dtype=torch.bool))
        self.register_buffer("mask", mask.view(1, 1, c.block_size, c.block_size), persistent=False)

    def forward(self, x):
        B, T, C = x.shape
        H = self.n_head
        D = C // H
        q, k, v = self.c_attn(x).split(C, dim=2)  # each [B, T, C]
        q, k, v = (t.view(B, T, H, D).transpose(1, 2) for t in (q, k, v))  # [B, H, T, D]
        # softmax(q k^T / sqrt(D)) with position t attending to positions <= t
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(D))  # [B, H, T, T]
        scores = scores.masked_fill(~self.mask[:, :, :T, :T], float("-inf"))
        y = F.softmax(scores, dim=-1) @ v  # [B, H, T, D]
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # heads side by side again
        return self.c_proj(y)


class Mlp(nn.Module):
    def __init__(self, c: GptConfig):
        super().__init__()
        self.c_fc = nn.Linear(c.n_embd, 4 * c.n_embd, bias=c.bias)
        self.c_proj = nn.Linear(4 * c.n_embd, c.n_embd, bias=c.bias)
        self.gelu = nn.GELU(approximate="tanh" if c.activation == "gelu_tanh" else "none")

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, c: GptConfig):
        super().__init__()
        self.ln_1 = LayerNorm(c.n_embd, c.bias)
        self.attn = CausalSelfAttention(c)
        self.ln_2 = LayerNorm(c.n_embd, c.bias)
        self.mlp = Mlp(c)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Gpt(nn.Module):
    def __init__(self, c: GptConfig):
        super().__init__()
        self.config = c
        self.transformer = nn.ModuleDict(
            dict(
                wte=nn.Embedding(c.vocab_size, c.n_embd),
                wpe=nn.Embedding(c.block_size, c.n_embd),
                h=nn.ModuleList([Block(c) for _ in range(c.n_layer)]),
                ln_f=LayerNorm(c.n_embd, c.bias),
            )
        )
        self.lm_head = nn.Linear(c.n_embd, c.vocab_size, bias=False)
        self.lm_head.weight = self.transformer.wte.weight  # tied: one tensor, two names

    def forward(self, idx, targets=None):
        """idx, targets: [B, T] int64. Returns logits [B, T, V] and the loss (or None)."""
        B, T = idx.shape
        pos = torch.arange(T, dtype=torch.long, device=idx.device)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)  # [B, T, C] + [T, C]
        for block in self.transformer.h:
            x = block(x)
        logits = self.lm_head(self.transformer.ln_f(x))  # [B, T, V]
        if targets is None:
            return logits, None
        loss = F.cross_entropy(logits.view(B * T, -1), targets.view(B * T), ignore_index=-1)
        return logits, loss

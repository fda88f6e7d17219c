import numpy as np


def valid_windows(docs: list[list[int]], block_size: int) -> list[tuple[int, int]]:
    """Every (doc, start) whose block_size + 1 tokens lie inside one document, in order."""
    # A document of L tokens has starts 0 .. L - T - 1: the target of the last input is doc[s + T].
    return [(d, s) for d, doc in enumerate(docs) for s in range(len(doc) - block_size)]


def sample_batch(docs: list[list[int]], block_size: int, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inputs x and targets y, both int [B, T], of the windows valid[floor(u_b * W)]."""
    windows = valid_windows(docs, block_size)
    picks = np.floor(u * len(windows)).astype(np.int64)  # [B], each in 0 .. W - 1
    chunks = np.array([docs[d][s:s + block_size + 1] for d, s in (windows[i] for i in picks)])  # [B, T + 1]
    return chunks[:, :-1], chunks[:, 1:]  # y is x shifted by one token

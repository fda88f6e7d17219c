import numpy as np


def valid_windows(docs: list[list[int]], block_size: int) -> list[tuple[int, int]]:
    """Every (doc, start) whose block_size + 1 tokens lie inside one document, in order."""
    raise NotImplementedError


def sample_batch(docs: list[list[int]], block_size: int, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inputs x and targets y, both int [B, T], of the windows valid[floor(u_b * W)]."""
    raise NotImplementedError

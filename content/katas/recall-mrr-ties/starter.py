import numpy as np


def recall_at_k(scores: np.ndarray, doc_ids: list[str], relevant: list[str], k: int) -> float:
    """Share of the relevant documents found in the top k of the ranking (scores [n] float64, higher first)."""
    raise NotImplementedError


def reciprocal_rank(scores: np.ndarray, doc_ids: list[str], relevant: list[str]) -> float:
    """1 / rank of the first relevant document in the ranking, 0 if none is retrieved."""
    raise NotImplementedError

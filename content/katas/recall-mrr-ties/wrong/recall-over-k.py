import numpy as np


def ranking(scores: np.ndarray, doc_ids: list[str]) -> list[str]:
    return [doc for _, doc in sorted(zip(scores.tolist(), doc_ids), reverse=True)]


def recall_at_k(scores: np.ndarray, doc_ids: list[str], relevant: list[str], k: int) -> float:
    rel = set(relevant)
    if not rel:
        return 0.0
    top = ranking(scores, doc_ids)[:k]
    return sum(doc in rel for doc in top) / k


def reciprocal_rank(scores: np.ndarray, doc_ids: list[str], relevant: list[str]) -> float:
    rel = set(relevant)
    for rank, doc in enumerate(ranking(scores, doc_ids), start=1):
        if doc in rel:
            return 1.0 / rank
    return 0.0

import numpy as np


def ranking(scores: np.ndarray, doc_ids: list[str]) -> list[str]:
    """Document ids by score descending, ties by id descending (string order), as trec_eval ranks."""
    # Sorting (score, id) pairs in reverse breaks score ties by the id, also in reverse.
    return [doc for _, doc in sorted(zip(scores.tolist(), doc_ids), reverse=True)]


def recall_at_k(scores: np.ndarray, doc_ids: list[str], relevant: list[str], k: int) -> float:
    """Share of the relevant documents found in the top k of the ranking (scores [n] float64, higher first)."""
    rel = set(relevant)
    if not rel:
        return 0.0
    top = ranking(scores, doc_ids)[:k]  # fewer than k when the list is short
    # The denominator counts every relevant document, retrieved or not.
    return sum(doc in rel for doc in top) / len(rel)


def reciprocal_rank(scores: np.ndarray, doc_ids: list[str], relevant: list[str]) -> float:
    """1 / rank of the first relevant document in the ranking, 0 if none is retrieved."""
    rel = set(relevant)
    for rank, doc in enumerate(ranking(scores, doc_ids), start=1):  # ranks start at 1
        if doc in rel:
            return 1.0 / rank
    return 0.0

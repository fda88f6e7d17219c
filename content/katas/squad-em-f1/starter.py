def normalize_answer(s: str) -> str:
    """SQuAD v1.1 normalization: lower-case, drop punctuation, drop the articles a/an/the, collapse whitespace."""
    raise NotImplementedError


def exact_match(prediction: str, ground_truths: list[str]) -> float:
    """1.0 if the normalized prediction equals some normalized ground truth, else 0.0."""
    raise NotImplementedError


def f1_score(prediction: str, ground_truths: list[str]) -> float:
    """Token F1 of the normalized prediction against the best-matching ground truth."""
    raise NotImplementedError

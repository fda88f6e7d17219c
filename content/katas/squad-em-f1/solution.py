import re
import string
from collections import Counter

PUNCTUATION = set(string.punctuation)


def normalize_answer(s: str) -> str:
    """SQuAD v1.1 normalization: lower-case, drop punctuation, drop the articles a/an/the, collapse whitespace."""
    # The script's order: lower, punctuation, articles, whitespace ("the-end" -> "theend": the fused "the" is no longer a word, so it stays).
    s = s.lower()
    s = "".join(ch for ch in s if ch not in PUNCTUATION)
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def exact_match(prediction: str, ground_truths: list[str]) -> float:
    """1.0 if the normalized prediction equals some normalized ground truth, else 0.0."""
    pred = normalize_answer(prediction)
    return float(any(pred == normalize_answer(gt) for gt in ground_truths))


def _f1(pred_tokens: list[str], gold_tokens: list[str]) -> float:
    # Overlap as multisets: Counter & keeps min(count in pred, count in gold) of each token.
    common = sum((Counter(pred_tokens) & Counter(gold_tokens)).values())
    if common == 0:
        return 0.0  # also covers an answer that normalizes to nothing
    precision = common / len(pred_tokens)
    recall = common / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def f1_score(prediction: str, ground_truths: list[str]) -> float:
    """Token F1 of the normalized prediction against the best-matching ground truth."""
    pred_tokens = normalize_answer(prediction).split()
    return max(_f1(pred_tokens, normalize_answer(gt).split()) for gt in ground_truths)

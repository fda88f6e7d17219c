"""Python baseline for `npm run bench -- metrics`: the SQuAD v1.1 answer metrics
(normalize_answer, exact_match_score, f1_score as defined by the official
evaluate-v1.1.py), transcribed directly, timed over the pairs the benchmark wrote.

Usage: python3 bench/squad_v1.py PAIRS.tsv REPEATS
Prints one JSON line: {"seconds": [per repeat], "em": sum, "f1": sum}.
"""
import json
import re
import string
import sys
import time
from collections import Counter


def normalize_answer(s):
    def remove_articles(text):
        return re.sub(r"\b(a|an|the)\b", " ", text)

    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    def lower(text):
        return text.lower()

    return white_space_fix(remove_articles(remove_punc(lower(s))))


def f1_score(prediction, ground_truth):
    prediction_tokens = normalize_answer(prediction).split()
    ground_truth_tokens = normalize_answer(ground_truth).split()
    common = Counter(prediction_tokens) & Counter(ground_truth_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(prediction_tokens)
    recall = 1.0 * num_same / len(ground_truth_tokens)
    return (2 * precision * recall) / (precision + recall)


def exact_match_score(prediction, ground_truth):
    return normalize_answer(prediction) == normalize_answer(ground_truth)


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        pairs = [line.rstrip("\n").split("\t") for line in f]
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        em = 0.0
        f1 = 0.0
        for prediction, reference in pairs:
            em += exact_match_score(prediction, reference)
            f1 += f1_score(prediction, reference)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "em": em, "f1": f1}))


main()

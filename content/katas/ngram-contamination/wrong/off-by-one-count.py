def word_ngrams(text: str, n: int) -> list[tuple[str, ...]]:
    words = text.lower().split()
    return [tuple(words[i : i + n]) for i in range(len(words) - n)]


def ngram_contamination(train_docs: list[str], examples: list[str], n: int) -> tuple[list[bool], list[float]]:
    seen = {gram for doc in train_docs for gram in word_ngrams(doc, n)}
    flags, fractions = [], []
    for example in examples:
        grams = word_ngrams(example, n)
        found = sum(gram in seen for gram in grams)
        flags.append(found > 0)
        fractions.append(found / len(grams) if grams else 0.0)
    return flags, fractions

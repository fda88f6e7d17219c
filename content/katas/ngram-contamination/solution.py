def word_ngrams(text: str, n: int) -> list[tuple[str, ...]]:
    """The word n-grams of text, lowercased, in order with repeats: len(words) - n + 1 of them."""
    words = text.lower().split()
    return [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]


def ngram_contamination(train_docs: list[str], examples: list[str], n: int) -> tuple[list[bool], list[float]]:
    """Per example: is any word n-gram in the training documents, and the fraction of its n-grams that are."""
    # One set of n-grams, each taken inside one document: none spans two documents.
    seen = {gram for doc in train_docs for gram in word_ngrams(doc, n)}
    flags, fractions = [], []
    for example in examples:
        grams = word_ngrams(example, n)
        found = sum(gram in seen for gram in grams)
        flags.append(found > 0)
        fractions.append(found / len(grams) if grams else 0.0)  # shorter than n: no n-grams, clean
    return flags, fractions

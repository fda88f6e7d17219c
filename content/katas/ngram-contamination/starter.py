def ngram_contamination(train_docs: list[str], examples: list[str], n: int) -> tuple[list[bool], list[float]]:
    """Per example: is any word n-gram in the training documents, and the fraction of its n-grams that are."""
    raise NotImplementedError

def corpus_perplexity(sequences: list[list[float]]) -> float:
    """Perplexity of a corpus from each sequence's natural-log token probabilities: exp(total NLL / total tokens)."""
    raise NotImplementedError


def bits_per_byte(log_likelihoods: list[float], texts: list[str]) -> float:
    """Bits per UTF-8 byte from each document's total natural-log likelihood and its text."""
    raise NotImplementedError


def byte_perplexity(log_likelihoods: list[float], texts: list[str]) -> float:
    """Perplexity per UTF-8 byte from each document's total natural-log likelihood and its text."""
    raise NotImplementedError

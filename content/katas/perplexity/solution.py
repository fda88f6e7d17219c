import math


def corpus_perplexity(sequences: list[list[float]]) -> float:
    """Perplexity of a corpus from each sequence's natural-log token probabilities: exp(total NLL / total tokens)."""
    # One average over all tokens: a long sequence weighs more than a short one.
    total_nll = -sum(sum(seq) for seq in sequences)
    total_tokens = sum(len(seq) for seq in sequences)
    return math.exp(total_nll / total_tokens)


def nats_per_byte(log_likelihoods: list[float], texts: list[str]) -> float:
    """Total NLL (nats) over the total number of UTF-8 bytes of the texts."""
    # len(text) counts characters; "é" is 2 bytes in UTF-8 and "😀" is 4.
    total_bytes = sum(len(text.encode("utf-8")) for text in texts)
    return -sum(log_likelihoods) / total_bytes


def bits_per_byte(log_likelihoods: list[float], texts: list[str]) -> float:
    """Bits per UTF-8 byte from each document's total natural-log likelihood and its text."""
    return nats_per_byte(log_likelihoods, texts) / math.log(2)  # nats to bits


def byte_perplexity(log_likelihoods: list[float], texts: list[str]) -> float:
    """Perplexity per UTF-8 byte from each document's total natural-log likelihood and its text."""
    return math.exp(nats_per_byte(log_likelihoods, texts))  # = 2 ** bits_per_byte

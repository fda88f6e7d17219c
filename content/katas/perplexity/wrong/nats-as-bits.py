import math


def corpus_perplexity(sequences):
    return math.exp(-sum(sum(seq) for seq in sequences) / sum(len(seq) for seq in sequences))


def bits_per_byte(log_likelihoods, texts):
    return -sum(log_likelihoods) / sum(len(text.encode("utf-8")) for text in texts)


def byte_perplexity(log_likelihoods, texts):
    return 2 ** bits_per_byte(log_likelihoods, texts)

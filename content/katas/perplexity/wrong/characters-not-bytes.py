import math


def corpus_perplexity(sequences):
    return math.exp(-sum(sum(seq) for seq in sequences) / sum(len(seq) for seq in sequences))


def nats_per_byte(log_likelihoods, texts):
    return -sum(log_likelihoods) / sum(len(text) for text in texts)


def bits_per_byte(log_likelihoods, texts):
    return nats_per_byte(log_likelihoods, texts) / math.log(2)


def byte_perplexity(log_likelihoods, texts):
    return math.exp(nats_per_byte(log_likelihoods, texts))

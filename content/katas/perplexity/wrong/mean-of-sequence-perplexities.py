import math


def corpus_perplexity(sequences):
    perplexities = [math.exp(-sum(seq) / len(seq)) for seq in sequences]
    return sum(perplexities) / len(perplexities)


def nats_per_byte(log_likelihoods, texts):
    return -sum(log_likelihoods) / sum(len(text.encode("utf-8")) for text in texts)


def bits_per_byte(log_likelihoods, texts):
    return nats_per_byte(log_likelihoods, texts) / math.log(2)


def byte_perplexity(log_likelihoods, texts):
    return math.exp(nats_per_byte(log_likelihoods, texts))

def pair_counts(ids: list[int]) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = {}
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    out = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train(text: str, num_merges: int) -> list[list[int]]:
    ids = list(text.encode("utf-8"))
    merges = []
    for i in range(num_merges):
        counts = pair_counts(ids)
        if not counts:
            break
        pair = max(sorted(counts), key=counts.get)
        ids = merge(ids, pair, 256 + i)
        merges.append(list(pair))
    return merges


def encode(text: str, merges: list[list[int]]) -> list[int]:
    ids = list(text.encode("utf-8"))
    rank = {(a, b): i for i, (a, b) in enumerate(merges)}
    while len(ids) >= 2:
        pair = min(pair_counts(ids), key=lambda p: rank.get(p, len(merges)))
        if pair not in rank:
            break
        ids = merge(ids, pair, 256 + rank[pair])
    return ids

def pair_counts(ids: list[int]) -> dict[tuple[int, int], int]:
    """Counts of adjacent pairs, overlapping ("aaa" has two (a, a)); keys in order of first appearance."""
    counts: dict[tuple[int, int], int] = {}
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    """Replaces every occurrence of pair, left to right without overlap, by new_id."""
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
    """Learns up to num_merges byte-level BPE merges [a, b] (merge i makes token 256 + i)."""
    ids = list(text.encode("utf-8"))
    merges = []
    for i in range(num_merges):
        counts = pair_counts(ids)
        if not counts:  # one token left: nothing to merge
            break
        # max returns the first maximal key, and dict order is first appearance: ties go to the earliest pair.
        pair = max(counts, key=counts.get)
        ids = merge(ids, pair, 256 + i)
        merges.append(list(pair))
    return merges


def encode(text: str, merges: list[list[int]]) -> list[int]:
    """Token ids of text: UTF-8 bytes, then merges applied by rank (lowest rank first)."""
    ids = list(text.encode("utf-8"))
    rank = {(a, b): i for i, (a, b) in enumerate(merges)}
    while len(ids) >= 2:
        # The pair learned earliest must be merged first: later merges were learned on its output.
        pair = min(pair_counts(ids), key=lambda p: rank.get(p, len(merges)))
        if pair not in rank:
            break
        ids = merge(ids, pair, 256 + rank[pair])
    return ids

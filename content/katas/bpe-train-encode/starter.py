def train(text: str, num_merges: int) -> list[list[int]]:
    """Learns up to num_merges byte-level BPE merges [a, b] (merge i makes token 256 + i)."""
    raise NotImplementedError


def encode(text: str, merges: list[list[int]]) -> list[int]:
    """Token ids of text: UTF-8 bytes, then merges applied by rank (lowest rank first)."""
    raise NotImplementedError

def kv_cache_bytes(layers: int, heads: int, kv_heads: int, head_dim: int, seq_len: int, batch: int, bytes_per_element: float) -> float:
    """Bytes of the key/value cache of a decoder for batch sequences of seq_len tokens."""
    raise NotImplementedError

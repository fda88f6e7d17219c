def kv_cache_bytes(layers: int, heads: int, kv_heads: int, head_dim: int, seq_len: int, batch: int, bytes_per_element: float) -> float:
    """Bytes of the key/value cache of a decoder for batch sequences of seq_len tokens."""
    # Per token and layer: one key and one value vector for each KV head (not each query head:
    # under grouped-query attention the `heads` query heads share the kv_heads key/value heads).
    per_token = 2 * layers * kv_heads * head_dim * bytes_per_element
    return per_token * seq_len * batch

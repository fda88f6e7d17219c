def kv_cache_bytes(layers, heads, kv_heads, head_dim, seq_len, batch, bytes_per_element):
    return layers * kv_heads * head_dim * bytes_per_element * seq_len * batch

import math


def get_lr(it: int, learning_rate: float, min_lr: float, warmup_iters: int, lr_decay_iters: int) -> float:
    """nanoGPT's learning rate at iteration it (0-based): linear warmup, cosine decay, then min_lr."""
    if it < warmup_iters:
        # (it + 1) / (warmup_iters + 1): step 0 already gets a small lr, not 0.
        return learning_rate * (it + 1) / (warmup_iters + 1)
    if it > lr_decay_iters:
        return min_lr
    # The cosine runs over the decay phase only: ratio 0 at the end of warmup, 1 at lr_decay_iters.
    decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))  # 1 -> 0
    return min_lr + coeff * (learning_rate - min_lr)

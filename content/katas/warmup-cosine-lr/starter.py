def get_lr(it: int, learning_rate: float, min_lr: float, warmup_iters: int, lr_decay_iters: int) -> float:
    """nanoGPT's learning rate at iteration it (0-based): linear warmup, cosine decay, then min_lr."""
    raise NotImplementedError

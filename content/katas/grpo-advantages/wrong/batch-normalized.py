import numpy as np


def grpo_advantages(rewards, eps):
    mean = rewards.mean()
    std = rewards.std(ddof=1)
    return (rewards - mean) / (std + eps)

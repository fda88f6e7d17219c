import numpy as np


def beam_search(initial: np.ndarray, transition: np.ndarray, beam_width: int, length: int) -> tuple[list[int], float]:
    """The best sequence of `length` tokens a beam of width beam_width finds, and its total log-probability."""
    raise NotImplementedError

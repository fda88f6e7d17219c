def decode_stream(chunks: list[list[int]]) -> list[str]:
    """The text each chunk of a UTF-8 byte stream completes; the last chunk ends the stream."""
    raise NotImplementedError

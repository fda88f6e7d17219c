def sequence_length(lead: int) -> int:
    """Bytes in the sequence that lead starts: 2, 3 or 4, or 0 if lead cannot start one."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def second_byte_range(lead: int) -> tuple[int, int]:
    """Allowed second bytes after lead: narrower after E0, ED, F0, F4 (no overlongs, surrogates, > U+10FFFF)."""
    return {0xE0: (0xA0, 0xBF), 0xED: (0x80, 0x9F), 0xF0: (0x90, 0xBF), 0xF4: (0x80, 0x8F)}.get(lead, (0x80, 0xBF))


def unfinished_tail(buf: bytes) -> int:
    """How many trailing bytes of buf are a valid but unfinished sequence (0-3): those must wait."""
    for start in range(max(len(buf) - 3, 0), len(buf)):
        lead, rest = buf[start], buf[start + 1 :]
        if sequence_length(lead) <= len(rest) + 1:
            continue  # not a lead byte, or its sequence is already complete
        lo, hi = second_byte_range(lead)
        if all(lo <= b <= hi if k == 0 else 0x80 <= b <= 0xBF for k, b in enumerate(rest)):
            return len(buf) - start
    return 0


def decode_stream(chunks: list[list[int]]) -> list[str]:
    """The text each chunk of a UTF-8 byte stream completes; the last chunk ends the stream."""
    out = []
    held = b""
    for i, chunk in enumerate(chunks):
        buf = held + bytes(chunk)
        # At the end of the stream nothing can complete what is held: decode it all (to U+FFFD).
        keep = 0 if i == len(chunks) - 1 else unfinished_tail(buf)
        out.append(buf[: len(buf) - keep].decode("utf-8", errors="replace"))
        held = buf[len(buf) - keep :]
    return out

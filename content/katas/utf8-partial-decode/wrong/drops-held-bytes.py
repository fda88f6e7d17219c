def sequence_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def second_byte_range(lead: int) -> tuple[int, int]:
    return {0xE0: (0xA0, 0xBF), 0xED: (0x80, 0x9F), 0xF0: (0x90, 0xBF), 0xF4: (0x80, 0x8F)}.get(lead, (0x80, 0xBF))


def unfinished_tail(buf: bytes) -> int:
    for start in range(max(len(buf) - 3, 0), len(buf)):
        lead, rest = buf[start], buf[start + 1 :]
        if sequence_length(lead) <= len(rest) + 1:
            continue
        lo, hi = second_byte_range(lead)
        if all(lo <= b <= hi if k == 0 else 0x80 <= b <= 0xBF for k, b in enumerate(rest)):
            return len(buf) - start
    return 0


def decode_stream(chunks: list[list[int]]) -> list[str]:
    out = []
    held = b""
    for i, chunk in enumerate(chunks):
        buf = held + bytes(chunk)
        keep = unfinished_tail(buf)
        out.append(buf[: len(buf) - keep].decode("utf-8", errors="replace"))
        held = buf[len(buf) - keep :]
    return out

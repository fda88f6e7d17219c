def sequence_length(lead: int) -> int:
    if lead >> 5 == 0b110:
        return 2
    if lead >> 4 == 0b1110:
        return 3
    if lead >> 3 == 0b11110:
        return 4
    return 0


def unfinished_tail(buf: bytes) -> int:
    for start in range(max(len(buf) - 3, 0), len(buf)):
        lead, rest = buf[start], buf[start + 1 :]
        if sequence_length(lead) <= len(rest) + 1:
            continue
        if all(0x80 <= b <= 0xBF for b in rest):
            return len(buf) - start
    return 0


def decode_stream(chunks: list[list[int]]) -> list[str]:
    out = []
    held = b""
    for i, chunk in enumerate(chunks):
        buf = held + bytes(chunk)
        keep = 0 if i == len(chunks) - 1 else unfinished_tail(buf)
        out.append(buf[: len(buf) - keep].decode("utf-8", errors="replace"))
        held = buf[len(buf) - keep :]
    return out

def decode_stream(chunks):
    return [bytes(chunk).decode("utf-8", errors="replace") for chunk in chunks]

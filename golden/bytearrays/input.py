"""Mutable bytes: one shared, one empty."""


def build():
    buffer = bytearray(b"\x00abc\xff")
    return {
        "buffer": buffer,
        "empty": bytearray(),
        "twice": [buffer, buffer],
    }

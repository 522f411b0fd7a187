# flags: --only flat
"""A list too long for one line is written one element per line (flat only: the
scoped text is the same, since constants need no function)."""


def build():
    return {
        "names": [f"sample_{i:03d}" for i in range(30)],
        "numbers": list(range(40)),
        "rows": [[i, i * 0.5, f"row {i}"] for i in range(12)],
    }

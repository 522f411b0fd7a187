"""Equal constants are written where used; a large shared tuple gets one name."""


def build():
    big = tuple(range(40))
    small = (1, 2)
    return {
        "a": [big, small, "text"],
        "b": {"big": big, "small": small, "text": "text"},
        "c": (small, small),
    }

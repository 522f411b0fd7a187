"""range, slice and Ellipsis."""


def build():
    return {
        "r": range(10),
        "stepped": range(10, -10, -3),
        "empty_range": range(0),
        "s": slice(1, None, 2),
        "all": slice(None),
        "odd_slice": slice("a", (1, 2), [3]),
        "dots": ...,
        "index": (Ellipsis, slice(None, 3), None),
    }

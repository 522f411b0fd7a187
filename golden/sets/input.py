"""Sets and frozensets are written in one canonical order, whatever the hash seed."""


def build():
    return {
        "words": {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry"},
        "numbers": {10, -3, 2**70, 7, 0},
        "mixed": {1, "1", 2.5, b"x", None, (1, "a"), frozenset({"b", "a"})},
        "frozen": frozenset({"zulu", "alpha", "mike"}),
        "empty_set": set(),
        "empty_frozenset": frozenset(),
        "nested": frozenset({frozenset({3, 1}), frozenset({2}), frozenset()}),
    }

"""Inserted names that shadow builtins the archive itself writes (float('nan'),
set(), range(...)): later statements must still reach the builtins."""

import numpy as np


def build():
    objects = np.empty(1, dtype=object)
    objects[0] = None
    return {
        "float": float("nan"),
        "complex": complex(-0.0, 1.0),
        "set": {1},
        "frozenset": frozenset({2}),
        "range": 3,
        "bytearray": b"not a bytearray",
        "slice": None,
        "object": "an object",
        "values": [
            float("inf"),
            complex(float("nan"), 0.0),
            set(),
            frozenset(),
            range(2),
            bytearray(b"x"),
            slice(1),
            objects,
        ],
    }

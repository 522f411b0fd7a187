"""numpy arrays of the numeric dtypes, with the values that are easy to get wrong."""

import numpy as np


def build():
    return {
        "flags": np.array([True, False, True]),
        "int8": np.array([-128, 0, 127], dtype=np.int8),
        "uint64": np.array([0, 2**64 - 1], dtype=np.uint64),
        "int64": np.arange(5),
        "float32": np.array([0.1, -0.0, np.inf, np.nan, 3.4e38], dtype=np.float32),
        "float64": np.array([0.1, -0.0, -np.inf, np.nan, 5e-324]),
        "float16": np.array([1.5, 65504.0], dtype=np.float16),
        "complex": np.array([1 + 2j, -0.0 - 1j, complex(np.nan, np.inf)]),
        "complex64": np.array([0.5 - 0.25j], dtype=np.complex64),
        "big_endian": np.array([1, 2, 3], dtype=">i4"),
    }

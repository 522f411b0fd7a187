"""Array shapes and memory layout: 0-d, empty, 2-d in both orders, 3-d."""

import numpy as np


def build():
    grid = np.arange(6, dtype=np.int16).reshape(2, 3)
    return {
        "scalar_array": np.array(3.5),
        "empty": np.array([], dtype=np.float64),
        "empty_2d": np.zeros((0, 3), dtype=np.int32),
        "c_order": grid,
        "fortran_order": np.asfortranarray(grid),
        "cube": np.arange(8).reshape(2, 2, 2),
        "column": np.ones((3, 1)),
    }

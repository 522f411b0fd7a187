# flags: --array-threshold=10
"""Arrays above the threshold go to the array store; a shared one is stored once."""

import numpy as np


def build():
    weights = np.linspace(0.0, 1.0, 50)
    return {
        "weights": weights,
        "model": {
            "layers": [np.arange(20, dtype=np.int32).reshape(4, 5), weights],
            "bias": np.zeros(3),
            "labels": np.array([f"label{i}" for i in range(12)]),
        },
        "history": [np.ones(11), np.ones(10)],
        "same_again": weights,
    }

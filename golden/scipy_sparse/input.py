"""A scipy.sparse CSR matrix, rebuilt from its three arrays."""

import numpy as np
import scipy.sparse


def build():
    # built from its parts, as the archive rebuilds it: csr_matrix(dense) sets
    # the same attributes in another order, which the structure check compares
    data = np.array([1.5, 2.0, -1.0])
    indices = np.array([1, 0, 2], dtype=np.int32)
    indptr = np.array([0, 1, 1, 3], dtype=np.int32)
    return {
        "matrix": scipy.sparse.csr_matrix((data, indices, indptr), shape=(3, 3)),
        "empty": scipy.sparse.csr_matrix(
            (np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(3, np.int32)),
            shape=(2, 3),
        ),
    }

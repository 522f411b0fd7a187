from numpy import array as _array
from numpy import zeros as _zeros
from scipy.sparse import csr_matrix as _csr_matrix
matrix = _csr_matrix(
    (
        _array([1.5, 2.0, -1.0], dtype='float64'),
        _array([1, 0, 2], dtype='int32'),
        _array([0, 1, 1, 3], dtype='int32'),
    ),
    shape=(3, 3),
)
empty = _csr_matrix(
    (
        _zeros((0,), dtype='int64'),
        _zeros((0,), dtype='int32'),
        _array([0, 0, 0], dtype='int32'),
    ),
    shape=(2, 3),
)
del _array, _zeros, _csr_matrix
try:
    del __builtins__, _arrays
except NameError:
    pass


def matrix():
    from numpy import array
    from scipy.sparse import csr_matrix
    return csr_matrix(
        (
            array([1.5, 2.0, -1.0], dtype='float64'),
            array([1, 0, 2], dtype='int32'),
            array([0, 1, 1, 3], dtype='int32'),
        ),
        shape=(3, 3),
    )
matrix = matrix()

def empty():
    from numpy import array
    from numpy import zeros
    from scipy.sparse import csr_matrix
    return csr_matrix(
        (
            zeros((0,), dtype='int64'),
            zeros((0,), dtype='int32'),
            array([0, 0, 0], dtype='int32'),
        ),
        shape=(2, 3),
    )
empty = empty()

try:
    del __builtins__, _arrays
except NameError:
    pass

from numpy import array as _array
from numpy import zeros as _zeros
scalar_array = _array(3.5, dtype='float64')
empty = _zeros((0,), dtype='float64')
empty_2d = _zeros((0, 3), dtype='int32')
c_order = _array([[0, 1, 2], [3, 4, 5]], dtype='int16')
fortran_order = _array([[0, 1, 2], [3, 4, 5]], dtype='int16', order='F')
cube = _array([[[0, 1], [2, 3]], [[4, 5], [6, 7]]], dtype='int64')
column = _array([[1.0], [1.0], [1.0]], dtype='float64')
del _array, _zeros
try:
    del __builtins__, _arrays
except NameError:
    pass


def scalar_array():
    from numpy import array
    return array(3.5, dtype='float64')
scalar_array = scalar_array()

def empty():
    from numpy import zeros
    return zeros((0,), dtype='float64')
empty = empty()

def empty_2d():
    from numpy import zeros
    return zeros((0, 3), dtype='int32')
empty_2d = empty_2d()

def c_order():
    from numpy import array
    return array([[0, 1, 2], [3, 4, 5]], dtype='int16')
c_order = c_order()

def fortran_order():
    from numpy import array
    return array([[0, 1, 2], [3, 4, 5]], dtype='int16', order='F')
fortran_order = fortran_order()

def cube():
    from numpy import array
    return array([[[0, 1], [2, 3]], [[4, 5], [6, 7]]], dtype='int64')
cube = cube()

def column():
    from numpy import array
    return array([[1.0], [1.0], [1.0]], dtype='float64')
column = column()

try:
    del __builtins__, _arrays
except NameError:
    pass

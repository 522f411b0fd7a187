from builtins import complex as _complex
from numpy import array as _array
flags = _array([True, False, True], dtype='bool')
int8 = _array([-128, 0, 127], dtype='int8')
uint64 = _array([0, 18446744073709551615], dtype='uint64')
int64 = _array([0, 1, 2, 3, 4], dtype='int64')
float32 = _array(
    [0.10000000149011612, -0.0, float('inf'), float('nan'), 3.3999999521443642e+38],
    dtype='float32',
)
float64 = _array([0.1, -0.0, -float('inf'), float('nan'), 5e-324], dtype='float64')
float16 = _array([1.5, 65504.0], dtype='float16')
complex = _array(
    [(1+2j), _complex(-0.0, -1.0), _complex(float('nan'), float('inf'))],
    dtype='complex128',
)
complex64 = _array([(0.5-0.25j)], dtype='complex64')
big_endian = _array([1, 2, 3], dtype='>i4')
del _complex, _array
try:
    del __builtins__, _arrays
except NameError:
    pass

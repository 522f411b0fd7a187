
def flags():
    from numpy import array
    return array([True, False, True], dtype='bool')
flags = flags()

def int8():
    from numpy import array
    return array([-128, 0, 127], dtype='int8')
int8 = int8()

def uint64():
    from numpy import array
    return array([0, 18446744073709551615], dtype='uint64')
uint64 = uint64()

def int64():
    from numpy import array
    return array([0, 1, 2, 3, 4], dtype='int64')
int64 = int64()

def float32():
    from numpy import array
    return array(
        [0.10000000149011612, -0.0, float('inf'), float('nan'), 3.3999999521443642e+38],
        dtype='float32',
    )
float32 = float32()

def float64():
    from numpy import array
    return array([0.1, -0.0, -float('inf'), float('nan'), 5e-324], dtype='float64')
float64 = float64()

def float16():
    from numpy import array
    return array([1.5, 65504.0], dtype='float16')
float16 = float16()

def complex():
    from builtins import complex as _complex
    from numpy import array
    return array(
        [(1+2j), _complex(-0.0, -1.0), _complex(float('nan'), float('inf'))],
        dtype='complex128',
    )
complex = complex()

def complex64():
    from numpy import array
    return array([(0.5-0.25j)], dtype='complex64')
complex64 = complex64()

def big_endian():
    from numpy import array
    return array([1, 2, 3], dtype='>i4')
big_endian = big_endian()

try:
    del __builtins__, _arrays
except NameError:
    pass

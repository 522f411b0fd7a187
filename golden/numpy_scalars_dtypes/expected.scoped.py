
def scalars():
    from numpy import bool
    from numpy import complex64
    from numpy import float16
    from numpy import float32
    from numpy import float64
    from numpy import int64
    from numpy import int8
    from numpy import uint32
    return [
        float32(0.10000000149011612),
        float64(-0.0),
        int8(-5),
        uint32(4000000000),
        int64(4611686018427387904),
        bool(True),
        complex64((1-1j)),
        float16(0.5),
    ]
scalars = scalars()

def times():
    from numpy import datetime64
    from numpy import timedelta64
    return [
        datetime64('2024-02-29T08:00', 'm'),
        timedelta64(90, 's'),
        datetime64('NaT', 'D'),
    ]
times = times()

def strings():
    from numpy import bytes_
    from numpy import str_
    return [str_('text'), bytes_(b'raw')]
strings = strings()

def dtypes():
    from numpy import dtype
    return [
        dtype('float64'),
        dtype('<U8'),
        dtype('>i2'),
        dtype('datetime64[ms]'),
        dtype([('x', '<f8'), ('y', '<i4')]),
    ]
dtypes = dtypes()

def dtype_kinds():
    from numpy import float64
    from numpy import int32
    return {'int': int32, 'float': float64}
dtype_kinds = dtype_kinds()

try:
    del __builtins__, _arrays
except NameError:
    pass

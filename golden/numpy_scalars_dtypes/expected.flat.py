from numpy import bool as _bool
from numpy import bytes_ as _bytes_
from numpy import complex64 as _complex64
from numpy import datetime64 as _datetime64
from numpy import dtype as _dtype
from numpy import float16 as _float16
from numpy import float32 as _float32
from numpy import float64 as _float64
from numpy import int32 as _int32
from numpy import int64 as _int64
from numpy import int8 as _int8
from numpy import str_ as _str_
from numpy import timedelta64 as _timedelta64
from numpy import uint32 as _uint32
scalars = [
    _float32(0.10000000149011612),
    _float64(-0.0),
    _int8(-5),
    _uint32(4000000000),
    _int64(4611686018427387904),
    _bool(True),
    _complex64((1-1j)),
    _float16(0.5),
]
times = [
    _datetime64('2024-02-29T08:00', 'm'),
    _timedelta64(90, 's'),
    _datetime64('NaT', 'D'),
]
strings = [_str_('text'), _bytes_(b'raw')]
dtypes = [
    _dtype('float64'),
    _dtype('<U8'),
    _dtype('>i2'),
    _dtype('datetime64[ms]'),
    _dtype([('x', '<f8'), ('y', '<i4')]),
]
dtype_kinds = {'int': _int32, 'float': _float64}
del (
    _bool,
    _bytes_,
    _complex64,
    _datetime64,
    _dtype,
    _float16,
    _float32,
    _float64,
    _int32,
    _int64,
    _int8,
    _str_,
    _timedelta64,
    _uint32,
)
try:
    del __builtins__, _arrays
except NameError:
    pass

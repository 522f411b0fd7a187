from numpy import array as _array
from numpy import empty as _empty
unicode = _array(['a', 'naïve', '日本', ''], dtype='<U5')
bytes = _array([b'ab', b'\x00\xff'], dtype='|S2')
dates = _array(['2024-01-31', '1969-12-31', 'NaT'], dtype='datetime64[D]')
stamps = _array(['2024-01-31T12:30:15.123456789'], dtype='datetime64[ns]')
durations = _array([1, -2, -9223372036854775808], dtype='timedelta64[s]')
records = _array(
    [(1, 2.5, 'ab'), (-1, float('nan'), '')],
    dtype=[('id', '<i4'), ('value', '<f8'), ('name', '<U4')],
)
nested_record = _array(
    [
        (_array([0.0, 0.0, 0.0], dtype='float32'), False),
        (_array([0.0, 0.0, 0.0], dtype='float32'), False),
    ],
    dtype=[('pos', '<f4', (3,)), ('ok', '|b1')],
)
objects = _empty((3,), dtype=object)
objects[0] = 1
objects[1] = 'two'
objects[2] = [3]
del _array, _empty
try:
    del __builtins__, _arrays
except NameError:
    pass


def unicode():
    from numpy import array
    return array(['a', 'naïve', '日本', ''], dtype='<U5')
unicode = unicode()

def bytes():
    from numpy import array
    return array([b'ab', b'\x00\xff'], dtype='|S2')
bytes = bytes()

def dates():
    from numpy import array
    return array(['2024-01-31', '1969-12-31', 'NaT'], dtype='datetime64[D]')
dates = dates()

def stamps():
    from numpy import array
    return array(['2024-01-31T12:30:15.123456789'], dtype='datetime64[ns]')
stamps = stamps()

def durations():
    from numpy import array
    return array([1, -2, -9223372036854775808], dtype='timedelta64[s]')
durations = durations()

def records():
    from numpy import array
    return array(
        [(1, 2.5, 'ab'), (-1, float('nan'), '')],
        dtype=[('id', '<i4'), ('value', '<f8'), ('name', '<U4')],
    )
records = records()

def nested_record():
    from numpy import array
    return array(
        [
            (array([0.0, 0.0, 0.0], dtype='float32'), False),
            (array([0.0, 0.0, 0.0], dtype='float32'), False),
        ],
        dtype=[('pos', '<f4', (3,)), ('ok', '|b1')],
    )
nested_record = nested_record()

def objects():
    from numpy import empty
    return empty((3,), dtype=object)
objects = objects()

objects[0] = 1
objects[1] = 'two'
objects[2] = [3]
try:
    del __builtins__, _arrays
except NameError:
    pass

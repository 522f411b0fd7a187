
def float():
    from builtins import float as _float
    return _float('nan')
float = float()

def complex():
    from builtins import complex as _complex
    return _complex(-0.0, 1.0)
complex = complex()

set = {1}

def frozenset():
    from builtins import frozenset as _frozenset
    return _frozenset({2})
frozenset = frozenset()

range = 3
bytearray = b'not a bytearray'
slice = None
object = 'an object'

def _values_7():
    from builtins import object as _object
    from numpy import empty
    return empty((1,), dtype=_object)
_values_7 = _values_7()

_values_7[0] = None

def values(_values_7=_values_7):
    from builtins import bytearray as _bytearray
    from builtins import complex as _complex
    from builtins import float as _float
    from builtins import frozenset as _frozenset
    from builtins import range as _range
    from builtins import set as _set
    from builtins import slice as _slice
    return [
        _float('inf'),
        _complex(_float('nan'), 0.0),
        _set(),
        _frozenset(),
        _range(0, 2),
        _bytearray(b'x'),
        _slice(None, 1, None),
        _values_7,
    ]
values = values()

del _values_7
try:
    del __builtins__, _arrays
except NameError:
    pass

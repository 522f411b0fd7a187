from builtins import bytearray as _bytearray
from builtins import complex as _complex
from builtins import float as _float
from builtins import frozenset as _frozenset
from builtins import object as _object
from builtins import range as _range
from builtins import set as _set
from builtins import slice as _slice
from numpy import empty as _empty
float = _float('nan')
complex = _complex(-0.0, 1.0)
set = {1}
frozenset = _frozenset({2})
range = 3
bytearray = b'not a bytearray'
slice = None
object = 'an object'
_values_7 = _empty((1,), dtype=_object)
_values_7[0] = None
values = [
    _float('inf'),
    _complex(_float('nan'), 0.0),
    _set(),
    _frozenset(),
    _range(0, 2),
    _bytearray(b'x'),
    _slice(None, 1, None),
    _values_7,
]
del (
    _bytearray,
    _complex,
    _float,
    _frozenset,
    _object,
    _range,
    _set,
    _slice,
    _empty,
    _values_7,
)
try:
    del __builtins__, _arrays
except NameError:
    pass

from golden_types import Interval as _Interval
unit = _Interval(0.0, 1.0, True)
open = _Interval(-1, 1, False)
intervals = [unit, _Interval(2, 3, True), unit]
del _Interval
try:
    del __builtins__, _arrays
except NameError:
    pass

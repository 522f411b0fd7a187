
def unit():
    from golden_types import Interval
    return Interval(0.0, 1.0, True)
unit = unit()

def open():
    from golden_types import Interval
    return Interval(-1, 1, False)
open = open()

def intervals(unit=unit):
    from golden_types import Interval
    return [unit, Interval(2, 3, True), unit]
intervals = intervals()

try:
    del __builtins__, _arrays
except NameError:
    pass

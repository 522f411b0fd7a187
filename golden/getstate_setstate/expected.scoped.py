
def first():
    from golden_types import Stateful
    return Stateful.__new__(Stateful)
first = first()

_first_state_1 = [1, 2, 3]

def _fill(first=first, _first_state_1=_first_state_1):
    first.__setstate__(('first', _first_state_1))
_fill()

def second():
    from golden_types import Stateful
    return Stateful.__new__(Stateful)
second = second()

def _fill(second=second, _first_state_1=_first_state_1):
    second.__setstate__(('second', _first_state_1))
_fill()

def empty():
    from golden_types import Stateful
    return Stateful.__new__(Stateful)
empty = empty()

empty.__setstate__(('', []))

del _first_state_1, _fill
try:
    del __builtins__, _arrays
except NameError:
    pass

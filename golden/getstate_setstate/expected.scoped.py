
def _new_Stateful():
    from golden_types import Stateful
    return Stateful.__new__(Stateful)

first = _new_Stateful()
_first_state_1 = [1, 2, 3]

def _fill(first=first, _first_state_1=_first_state_1):
    first.__setstate__(('first', _first_state_1))
_fill()

second = _new_Stateful()

def _fill(second=second, _first_state_1=_first_state_1):
    second.__setstate__(('second', _first_state_1))
_fill()

empty = _new_Stateful()
empty.__setstate__(('', []))

del _first_state_1, _fill, _new_Stateful
try:
    del __builtins__, _arrays
except NameError:
    pass

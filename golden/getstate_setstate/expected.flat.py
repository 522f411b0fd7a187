from golden_types import Stateful as _Stateful
first = _Stateful.__new__(_Stateful)
_first_state_1 = [1, 2, 3]
first.__setstate__(('first', _first_state_1))
second = _Stateful.__new__(_Stateful)
second.__setstate__(('second', _first_state_1))
empty = _Stateful.__new__(_Stateful)
empty.__setstate__(('', []))
del _Stateful, _first_state_1
try:
    del __builtins__, _arrays
except NameError:
    pass

from golden_types import Frozen as _Frozen
from golden_types import Point as _Point
from golden_types import Run as _Run
origin = _Point(x=0.0, y=0.0)
run = _Run(name='first', points=[origin, _Point(x=1.5, y=-2.0)], tags={'seed': 42})
empty_run = _Run(name='empty', points=[], tags={})
frozen = _Frozen(key='k', value=1)
frozen_set = {_Frozen(key='a', value=1), _Frozen(key='b', value=2)}
del _Frozen, _Point, _Run
try:
    del __builtins__, _arrays
except NameError:
    pass

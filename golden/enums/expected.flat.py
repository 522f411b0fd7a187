from golden_types import Color as _Color
from golden_types import Level as _Level
from golden_types import Permission as _Permission
color = _Color.RED
palette = [_Color.GREEN, _Color.BLUE, _Color.GREEN]
level = _Level.HIGH
read = _Permission.READ
read_write = _Permission(3)
by_color = {_Color.RED: 'stop', _Color.GREEN: 'go'}
color_set = {_Color.BLUE, _Color.GREEN, _Color.RED}
enum_class = _Color
del _Color, _Level, _Permission
try:
    del __builtins__, _arrays
except NameError:
    pass


def color():
    from golden_types import Color
    return Color.RED
color = color()

def palette():
    from golden_types import Color
    return [Color.GREEN, Color.BLUE, Color.GREEN]
palette = palette()

def level():
    from golden_types import Level
    return Level.HIGH
level = level()

def read():
    from golden_types import Permission
    return Permission.READ
read = read()

def read_write():
    from golden_types import Permission
    return Permission(3)
read_write = read_write()

def by_color():
    from golden_types import Color
    return {Color.RED: 'stop', Color.GREEN: 'go'}
by_color = by_color()

def color_set():
    from golden_types import Color
    return {Color.BLUE, Color.GREEN, Color.RED}
color_set = color_set()

def enum_class():
    from golden_types import Color
    return Color
enum_class = enum_class()

try:
    del __builtins__, _arrays
except NameError:
    pass

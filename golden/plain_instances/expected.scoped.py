
def _new_Plain():
    from golden_types import Plain
    return Plain.__new__(Plain)

config = _new_Plain()
config.name = 'experiment'
config.rate = 0.5
config.steps = [1, 2, 3]
config.extra = None
empty = _new_Plain()
_two_0 = _new_Plain()
_two_0_data = [1, 2]

def _fill(_two_0=_two_0, _two_0_data=_two_0_data):
    _two_0.data = _two_0_data
_fill()

_two_1 = _new_Plain()

def _fill(_two_1=_two_1, _two_0_data=_two_0_data):
    _two_1.data = _two_0_data
_fill()

def two(_two_0=_two_0, _two_1=_two_1):
    return [_two_0, _two_1]
two = two()

nested = _new_Plain()
_nested_child = _new_Plain()

def _fill(nested=nested, _nested_child=_nested_child):
    nested.child = _nested_child
_fill()

_nested_child_child = _new_Plain()
_nested_child_child.leaf = True

def _fill(_nested_child=_nested_child, _nested_child_child=_nested_child_child):
    _nested_child.child = _nested_child_child
_fill()

del _two_0, _two_1, _nested_child, _two_0_data, _nested_child_child, _fill, _new_Plain
try:
    del __builtins__, _arrays
except NameError:
    pass

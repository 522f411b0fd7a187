from golden_types import Plain as _Plain
config = _Plain.__new__(_Plain)
config.name = 'experiment'
config.rate = 0.5
config.steps = [1, 2, 3]
config.extra = None
empty = _Plain.__new__(_Plain)
_two_0 = _Plain.__new__(_Plain)
_two_0_data = [1, 2]
_two_0.data = _two_0_data
_two_1 = _Plain.__new__(_Plain)
_two_1.data = _two_0_data
two = [_two_0, _two_1]
nested = _Plain.__new__(_Plain)
_nested_child = _Plain.__new__(_Plain)
nested.child = _nested_child
_nested_child_child = _Plain.__new__(_Plain)
_nested_child_child.leaf = True
_nested_child.child = _nested_child_child
del _Plain, _two_0, _two_1, _nested_child, _two_0_data, _nested_child_child
try:
    del __builtins__, _arrays
except NameError:
    pass

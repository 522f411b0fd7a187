
def stack():
    from golden_types import Stack
    return Stack.__new__(Stack)
stack = stack()

stack.extend([1, 2, 3])
stack.limit = 10

def empty_stack():
    from golden_types import Stack
    return Stack.__new__(Stack)
empty_stack = empty_stack()

empty_stack.limit = 0

def registry():
    from golden_types import Registry
    return Registry.__new__(Registry)
registry = registry()

registry['b'] = 2
registry['a'] = 1
registry.owner = 'me'

def nested():
    from golden_types import Registry
    return Registry.__new__(Registry)
nested = nested()

def _nested_inner():
    from golden_types import Stack
    return Stack.__new__(Stack)
_nested_inner = _nested_inner()

def _fill(nested=nested, _nested_inner=_nested_inner):
    nested['inner'] = _nested_inner
    nested.owner = ''
_fill()

def _nested_inner_0():
    from golden_types import Registry
    return Registry.__new__(Registry)
_nested_inner_0 = _nested_inner_0()

_nested_inner_0.owner = ''

def _fill(_nested_inner=_nested_inner, _nested_inner_0=_nested_inner_0):
    _nested_inner.extend([_nested_inner_0])
    _nested_inner.limit = 0
_fill()

del _nested_inner, _nested_inner_0, _fill
try:
    del __builtins__, _arrays
except NameError:
    pass

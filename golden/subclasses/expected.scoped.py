
def _new_Stack():
    from golden_types import Stack
    return Stack.__new__(Stack)

stack = _new_Stack()
stack.extend([1, 2, 3])
stack.limit = 10
empty_stack = _new_Stack()
empty_stack.limit = 0

def _new_Registry():
    from golden_types import Registry
    return Registry.__new__(Registry)

registry = _new_Registry()
registry['b'] = 2
registry['a'] = 1
registry.owner = 'me'
nested = _new_Registry()
_nested_inner = _new_Stack()

def _fill(nested=nested, _nested_inner=_nested_inner):
    nested['inner'] = _nested_inner
    nested.owner = ''
_fill()

_nested_inner_0 = _new_Registry()
_nested_inner_0.owner = ''

def _fill(_nested_inner=_nested_inner, _nested_inner_0=_nested_inner_0):
    _nested_inner.extend([_nested_inner_0])
    _nested_inner.limit = 0
_fill()

del _nested_inner, _nested_inner_0, _fill, _new_Stack, _new_Registry
try:
    del __builtins__, _arrays
except NameError:
    pass

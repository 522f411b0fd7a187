from golden_types import Registry as _Registry
from golden_types import Stack as _Stack
stack = _Stack.__new__(_Stack)
stack.extend([1, 2, 3])
stack.limit = 10
empty_stack = _Stack.__new__(_Stack)
empty_stack.limit = 0
registry = _Registry.__new__(_Registry)
registry['b'] = 2
registry['a'] = 1
registry.owner = 'me'
nested = _Registry.__new__(_Registry)
_nested_inner = _Stack.__new__(_Stack)
nested['inner'] = _nested_inner
nested.owner = ''
_nested_inner_0 = _Registry.__new__(_Registry)
_nested_inner_0.owner = ''
_nested_inner.extend([_nested_inner_0])
_nested_inner.limit = 0
del _Registry, _Stack, _nested_inner, _nested_inner_0
try:
    del __builtins__, _arrays
except NameError:
    pass

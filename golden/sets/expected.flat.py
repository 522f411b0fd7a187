words = {'apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'pear'}
numbers = {-3, 0, 7, 10, 1180591620717411303424}
mixed = {None, b'x', 2.5, frozenset({'a', 'b'}), 1, '1', (1, 'a')}
frozen = frozenset({'alpha', 'mike', 'zulu'})
empty_set = set()
empty_frozenset = frozenset()
nested = frozenset({frozenset(), frozenset({1, 3}), frozenset({2})})
try:
    del __builtins__, _arrays
except NameError:
    pass

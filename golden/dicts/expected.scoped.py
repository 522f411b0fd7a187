empty = {}
ordered = {'zeta': 1, 'alpha': 2, 'mid': 3}
int_keys = {3: 'three', 1: 'one', 2: 'two', -1: 'minus one'}
odd_keys = {
    None: 'none',
    True: 'true',
    2.5: 'float',
    (1, 2): 'tuple',
    b'raw': 'bytes',
    frozenset({1, 2}): 'frozenset',
    '': 'empty string',
}
nested = {'a': {'b': {'c': {}}}}
try:
    del __builtins__, _arrays
except NameError:
    pass

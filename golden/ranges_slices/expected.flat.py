r = range(0, 10)
stepped = range(10, -10, -3)
empty_range = range(0, 0)
s = slice(1, None, 2)
all = slice(None, None, None)
odd_slice = slice('a', (1, 2), [3])
dots = ...
index = (..., slice(None, 3, None), None)
try:
    del __builtins__, _arrays
except NameError:
    pass

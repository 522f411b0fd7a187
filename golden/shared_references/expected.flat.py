x = [1, 2, 3]
y = [x, x]
try:
    del __builtins__, _arrays
except NameError:
    pass

d = {'a': 1}
d.update({'self': d, 'b': [d]})
try:
    del __builtins__, _arrays
except NameError:
    pass

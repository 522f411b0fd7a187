a = [1]
b = [2, a]
a.append(b)
ring = {'name': 'ring'}
ring['next'] = {'prev': [ring], 'first': ring}
try:
    del __builtins__, _arrays
except NameError:
    pass

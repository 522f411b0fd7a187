a = [1]

def b(a=a):
    return [2, a]
b = b()

def _fill(a=a, b=b):
    a.append(b)
_fill()

ring = {'name': 'ring'}
ring['next'] = {'prev': [ring], 'first': ring}

del _fill
try:
    del __builtins__, _arrays
except NameError:
    pass

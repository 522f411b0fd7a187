x = [1, 2, 3]

def y(x=x):
    return [x, x]
y = y()

try:
    del __builtins__, _arrays
except NameError:
    pass

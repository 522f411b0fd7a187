holder = []
holder.append(('pair', holder))

def outer(holder=holder):
    return [(1, (2, holder))]
outer = outer()

try:
    del __builtins__, _arrays
except NameError:
    pass

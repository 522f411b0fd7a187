holder = []
holder.append(('pair', holder))
outer = [(1, (2, holder))]
try:
    del __builtins__, _arrays
except NameError:
    pass

loop = [1, 2]
loop.extend([loop, 3])
head_loop = []
head_loop.append(head_loop)
try:
    del __builtins__, _arrays
except NameError:
    pass

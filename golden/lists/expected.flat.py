empty = []
numbers = [1, 2, 3]
mixed = [1, 'a', None, 2.5, [], [[]]]
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
try:
    del __builtins__, _arrays
except NameError:
    pass

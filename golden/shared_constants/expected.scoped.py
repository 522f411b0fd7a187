_a_0 = (
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    23,
    24,
    25,
    26,
    27,
    28,
    29,
    30,
    31,
    32,
    33,
    34,
    35,
    36,
    37,
    38,
    39,
)

def a(_a_0=_a_0):
    return [_a_0, (1, 2), 'text']
a = a()

def b(_a_0=_a_0):
    return {'big': _a_0, 'small': (1, 2), 'text': 'text'}
b = b()

c = ((1, 2), (1, 2))

del _a_0
try:
    del __builtins__, _arrays
except NameError:
    pass

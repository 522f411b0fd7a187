
def function():
    from golden_types import scale
    return scale
function = function()

builtins = [len, print, int, dict, object, type, ValueError]

def modules():
    import collections
    import math as _math
    import numpy
    import os.path as path
    return [_math, path, collections, numpy]
modules = modules()

def from_numpy():
    from numpy import float32
    from numpy import ndarray
    from numpy import sum
    from numpy.linalg import norm
    return [sum, ndarray, float32, norm]
from_numpy = from_numpy()

def classes():
    from golden_types import Color
    from golden_types import Plain
    return {'plain': Plain, 'color': Color}
classes = classes()

def math():
    from math import sqrt
    return [sqrt, 3.141592653589793]
math = math()

def none_type():
    from types import NoneType
    return NoneType
none_type = none_type()

def ellipsis_type():
    from types import EllipsisType
    return EllipsisType
ellipsis_type = ellipsis_type()

try:
    del __builtins__, _arrays
except NameError:
    pass

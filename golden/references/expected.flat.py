import collections as _collections
from golden_types import Color as _Color
from golden_types import Plain as _Plain
from golden_types import scale as _scale
import math as _math
from math import sqrt as _sqrt
import numpy as _numpy
from numpy import float32 as _float32
from numpy import ndarray as _ndarray
from numpy import sum as _sum
from numpy.linalg import norm as _norm
import os.path as _path
from types import EllipsisType as _EllipsisType
from types import NoneType as _NoneType
function = _scale
builtins = [len, print, int, dict, object, type, ValueError]
modules = [_math, _path, _collections, _numpy]
from_numpy = [_sum, _ndarray, _float32, _norm]
classes = {'plain': _Plain, 'color': _Color}
math = [_sqrt, 3.141592653589793]
none_type = _NoneType
ellipsis_type = _EllipsisType
del (
    _collections,
    _Color,
    _Plain,
    _scale,
    _math,
    _sqrt,
    _numpy,
    _float32,
    _ndarray,
    _sum,
    _norm,
    _path,
    _EllipsisType,
    _NoneType,
)
try:
    del __builtins__, _arrays
except NameError:
    pass

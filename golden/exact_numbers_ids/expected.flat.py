from decimal import Decimal as _Decimal
from fractions import Fraction as _Fraction
from uuid import UUID as _UUID
price = _Decimal('1.10')
decimals = [
    _Decimal('-0'),
    _Decimal('NaN'),
    _Decimal('-Infinity'),
    _Decimal('1E+3'),
    _Decimal('3.14159265358979323846264338327950288'),
]
third = _Fraction(1, 3)
fractions = [
    _Fraction(-7, 2),
    _Fraction(0, 1),
    _Fraction(1000000000000000000000000000000, 7),
]
id = _UUID('12345678-1234-5678-1234-567812345678')
ids = {
    _UUID('00000000-0000-0000-0000-000000000000'),
    _UUID('ffffffff-ffff-ffff-ffff-ffffffffffff'),
}
del _Decimal, _Fraction, _UUID
try:
    del __builtins__, _arrays
except NameError:
    pass

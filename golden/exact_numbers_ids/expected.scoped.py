
def price():
    from decimal import Decimal
    return Decimal('1.10')
price = price()

def decimals():
    from decimal import Decimal
    return [
        Decimal('-0'),
        Decimal('NaN'),
        Decimal('-Infinity'),
        Decimal('1E+3'),
        Decimal('3.14159265358979323846264338327950288'),
    ]
decimals = decimals()

def third():
    from fractions import Fraction
    return Fraction(1, 3)
third = third()

def fractions():
    from fractions import Fraction
    return [
        Fraction(-7, 2),
        Fraction(0, 1),
        Fraction(1000000000000000000000000000000, 7),
    ]
fractions = fractions()

def id():
    from uuid import UUID
    return UUID('12345678-1234-5678-1234-567812345678')
id = id()

def ids():
    from uuid import UUID
    return {
        UUID('00000000-0000-0000-0000-000000000000'),
        UUID('ffffffff-ffff-ffff-ffff-ffffffffffff'),
    }
ids = ids()

try:
    del __builtins__, _arrays
except NameError:
    pass

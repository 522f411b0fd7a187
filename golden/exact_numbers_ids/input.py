"""Decimal, Fraction and UUID, written as the constructor calls a person would type."""

import decimal
import fractions
import uuid


def build():
    return {
        "price": decimal.Decimal("1.10"),
        "decimals": [
            decimal.Decimal("-0"),
            decimal.Decimal("NaN"),
            decimal.Decimal("-Infinity"),
            decimal.Decimal("1E+3"),
            decimal.Decimal("3.14159265358979323846264338327950288"),
        ],
        "third": fractions.Fraction(1, 3),
        "fractions": [
            fractions.Fraction(-7, 2),
            fractions.Fraction(0),
            fractions.Fraction(10**30, 7),
        ],
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "ids": {uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)},
    }

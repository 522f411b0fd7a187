"""__reduce__ returning a constructor call."""

from golden_types import Interval


def build():
    unit = Interval(0.0, 1.0)
    return {
        "unit": unit,
        "open": Interval(-1, 1, closed=False),
        "intervals": [unit, Interval(2, 3), unit],
    }

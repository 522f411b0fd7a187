"""Dataclasses are written as calls with keyword arguments."""

from golden_types import Frozen, Point, Run


def build():
    origin = Point(0.0, 0.0)
    return {
        "origin": origin,
        "run": Run("first", [origin, Point(1.5, -2.0)], {"seed": 42}),
        "empty_run": Run("empty"),
        "frozen": Frozen("k", 1),
        "frozen_set": {Frozen("b", 2), Frozen("a", 1)},
    }

"""Subclasses of list and dict keep their class, items and attributes."""

from golden_types import Registry, Stack


def build():
    return {
        "stack": Stack([1, 2, 3], limit=10),
        "empty_stack": Stack(),
        "registry": Registry({"b": 2, "a": 1}, owner="me"),
        "nested": Registry(inner=Stack([Registry()])),
    }

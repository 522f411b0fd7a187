"""Instances with __slots__ (no __dict__), one slot left unset, and a subclass
with a __dict__ as well."""

from golden_types import Slotted, SlottedChild


def build():
    child = SlottedChild(1, 2, 3)
    child.note = "in __dict__"
    return {
        "point": Slotted(1.0, 2.0, "p"),
        "unlabelled": Slotted([1], None),
        "child": child,
    }

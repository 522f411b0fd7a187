"""__getstate__/__setstate__: the object gets its state back through __setstate__."""

from golden_types import Stateful


def build():
    values = [1, 2, 3]
    return {
        "first": Stateful("first", values),
        "second": Stateful("second", values),
        "empty": Stateful("", []),
    }

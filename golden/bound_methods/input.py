"""Bound methods: of an inserted object (shared), of an instance, of a class."""

from golden_types import Counter3


def build():
    counter = Counter3(5)
    items = [1, 2]
    return {
        "counter": counter,
        "bump": counter.bump,
        "other_bump": Counter3(7).bump,
        "make": Counter3.make,
        "helper": Counter3.helper,
        "append": items.append,
        "get": {"a": 1}.get,
    }

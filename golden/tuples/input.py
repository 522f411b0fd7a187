"""Tuples: empty, one element (the trailing comma), nested, holding mutable parts."""


def build():
    inner = [1, 2]
    return {
        "empty": (),
        "single": (1,),
        "single_nested": ((("deep",),),),
        "pair": (1, "two"),
        "nested": ((1, 2), (3, (4, 5)), ()),
        "holding_lists": (inner, inner, [3]),
        "constant_twice": [(1, 2), (1, 2)],
    }

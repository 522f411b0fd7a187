"""A dict that refers to itself, in the middle of its items."""


def build():
    d = {"a": 1}
    d["self"] = d
    d["b"] = [d]
    return {"d": d}

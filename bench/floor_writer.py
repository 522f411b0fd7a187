"""A writer with nothing but the text to make: W1's tree straight to the
layout persist writes, for ``bench.floor``. No IR, no names, no passes, no
sharing, no split statements: lists and dicts of ints, floats, strings, bools
and None only (anything else raises, and so do inf and nan). It may be
compiled by mypyc (its annotations are complete), so it is stdlib only.

The layout is persist's (``persist.emit.layout``): a container that fits
what is left of its line is written flat; one that does not is written one
item per line, each item laid out by the same rule (a lone bracketed item of
a list hugs its brackets).
"""

from __future__ import annotations

from math import isfinite
from typing import Any

LINE = 88
REPR_SAFE = frozenset({int, float, str, bool, type(None)})
NESTED = frozenset({list, dict})


def sizes(obj: Any, into: dict[int, int]) -> int:
    """The atoms in ``obj`` (an empty container counts 1), by ``id`` into
    ``into`` for each list and dict: what a fold measures on its way."""
    if type(obj) not in NESTED:
        if type(obj) not in REPR_SAFE or type(obj) is float and not isfinite(obj):
            raise TypeError(f"not a W1 value: {obj!r}")  # (repr is not its text)
        return 1
    items = obj if type(obj) is list else obj.values()
    total = 0
    for item in items:
        total += sizes(item, into)
    total = total or 1
    into[id(obj)] = total
    return total


def write(
    obj: Any, column: int, indent: int, tail: int, size: dict[int, int], out: list[str]
) -> None:
    """Append the text of ``obj`` starting at ``column`` on a line indented by
    ``indent``, with ``tail`` characters after it on its last line."""
    room = LINE - column - tail
    # each atom takes at least 1 character and 2 more for ", ": a container
    # of more atoms than room / 3 cannot fit, so its repr is not even tried
    if size[id(obj)] * 3 <= room:
        text = repr(obj)
        if len(text) <= room:
            out.append(text)
            return
    inner = indent + 4
    pad = "\n" + " " * inner
    close = "\n" + " " * indent
    if type(obj) is list:
        if not obj:
            out.append("[]")
            return
        if set(map(type, obj)) <= REPR_SAFE:
            out.append("[" + pad + ("," + pad).join(map(repr, obj)) + "," + close + "]")
            return
        if len(obj) == 1:  # a lone bracketed item hugs the brackets
            out.append("[")
            write(obj[0], column + 1, indent, tail + 1, size, out)
            out.append("]")
            return
        out.append("[")
        for item in obj:
            out.append(pad)
            if type(item) in NESTED:
                write(item, inner, inner, 1, size, out)
            else:
                out.append(repr(item))
            out.append(",")
        out.append(close + "]")
        return
    if not obj:
        out.append("{}")
        return
    keys = [repr(key) + ": " for key in obj]
    if set(map(type, obj.values())) <= REPR_SAFE:
        texts = map(str.__add__, keys, map(repr, obj.values()))
        out.append("{" + pad + ("," + pad).join(texts) + "," + close + "}")
        return
    out.append("{")
    for key, item in zip(keys, obj.values(), strict=True):
        out.append(pad + key)
        if type(item) in NESTED:
            write(item, inner + len(key), inner, 1, size, out)
        else:
            out.append(repr(item))
        out.append(",")
    out.append(close + "}")


def text(obj: Any, column: int = 0) -> str:
    """``obj`` laid out from ``column`` (sizes measured first)."""
    size: dict[int, int] = {}
    sizes(obj, size)
    out: list[str] = []
    write(obj, column, 0, 0, size, out)
    return "".join(out)

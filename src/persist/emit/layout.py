"""Expression layout: the one place that decides how an expression is broken
into lines.

A document is a string (printed as is), a ``Seq``: brackets around items, each
item a ``(prefix, document)`` pair (``'key: '``, ``'name='``), or a ``Pair``: a
key that is a document too and its value. A Seq that fits the line is printed
flat; one that does not is exploded, one item per line with a trailing comma,
its items laid out by the same rule:

    x = [1, 2, 3]                         x = [
                                              'a long string ...',
                                              {'k': 1},
                                          ]

So one changed leaf changes one line, and an added item adds only its lines.
A lone bracketed item hugs its parent's brackets: ``f([`` ... ``])``.
Nesting is bounded by the inline pass, so recursion here is shallow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat
from typing import Union

Doc = Union[str, "Seq", "Pair"]


class Seq:
    """Bracketed items; ``width`` is the flat width, computed once."""

    __slots__ = (
        "open",
        "_items",
        "close",
        "one",
        "width",
        "text",
        "_texts",
        "_prefixes",
        "_explode",
    )

    def __init__(
        self, open: str, items: list[tuple[str, Doc]], close: str, one: bool = False
    ):
        self.open = open
        self._items: list[tuple[str, Doc]] | None = items
        self.close = close
        self.one = one  # a 1-tuple keeps its comma when flat
        width = len(open) + len(close) + (1 if one else 0) + 2 * max(len(items) - 1, 0)
        for prefix, doc in items:
            width += len(prefix) + (len(doc) if isinstance(doc, str) else doc.width)
        self.width: int = width
        self.text: str | None = None  # the flat text, when known up front
        self._texts: Sequence[str] = ()  # leaves: the item texts
        self._prefixes: Sequence[str] | None = None
        self._explode: Callable[[int], Doc] | None = None

    @property
    def items(self) -> list[tuple[str, Doc]]:
        """``(prefix, document)`` pairs (made on demand for ``leaves``)."""
        if self._items is not None:
            return self._items
        docs: Sequence[Doc] = self._texts
        if self._explode is not None:
            docs = list(map(self._explode, range(len(docs))))
        if self._prefixes is None:
            return list(zip(repeat(""), docs))
        return list(zip(self._prefixes, docs, strict=True))

    @classmethod
    def leaves(
        cls,
        open: str,
        texts: Sequence[str],
        close: str,
        one: bool = False,
        prefixes: Sequence[str] | None = None,
        explode: Callable[[int], Doc] | None = None,
    ) -> Seq:
        """A Seq of plain texts (``prefixes[i] + texts[i]``), built with
        ``str.join`` rather than item by item: the many small literals of a
        large archive (rows of a table, a list of triples) are these. Its
        pairs are made only if it is exploded.

        ``texts[i]`` may be the flat text of a document ``explode(i)`` that
        is laid out instead where the text does not fit its line."""
        seq = cls(open, [], close, one)  # (a plain call: mypyc compiles it)
        seq._items = None
        seq._texts = texts
        seq._prefixes = prefixes
        seq._explode = explode
        seq.text = None  # joined when first needed: a wide one never is
        size = sum(map(len, texts)) + 2 * max(len(texts) - 1, 0)
        if prefixes is not None:
            size += sum(map(len, prefixes))
        seq.width = len(open) + size + (1 if one else 0) + len(close)
        return seq


class Pair:
    """A key that is a document too (a tuple, a frozenset), ``sep``, then its
    value: a dict item (``': '``) or a subscript assignment (``x[...] = ``).
    Laid out like a prefix and its item while the key fits its line, with
    the value's opening bracket or, for an atom, all of it; a key that does
    not is exploded, and the value follows its closing bracket (``): value``,
    ``] = value``), unless the atom is too long for that line too."""

    __slots__ = ("key", "sep", "value", "width")

    def __init__(self, key: Doc, sep: str, value: Doc):
        self.key = key
        self.sep = sep
        self.value = value
        self.width: int = width(key) + len(sep) + width(value)


def width(doc: Doc) -> int:
    return len(doc) if type(doc) is str else doc.width  # type: ignore[union-attr]


def flat(doc: Doc) -> str:
    """The document on one line."""
    if type(doc) is str:
        return doc
    if type(doc) is Pair:
        return flat(doc.key) + doc.sep + flat(doc.value)
    seq: Seq = doc  # type: ignore[assignment]
    if seq.text is not None:
        return seq.text
    if seq._items is None:  # leaves
        if seq._prefixes is None:
            inner = ", ".join(seq._texts)
        else:
            inner = ", ".join(map(str.__add__, seq._prefixes, seq._texts))
        seq.text = seq.open + inner + ("," if seq.one else "") + seq.close
        return seq.text
    inner = ", ".join([p + (d if type(d) is str else flat(d)) for p, d in seq.items])
    seq.text = seq.open + inner + ("," if seq.one else "") + seq.close
    return seq.text  # (kept: one document may be written in several places)


def render(doc: Doc, column: int, indent: int, tail: int, line_length: int) -> str:
    """``doc`` starting at ``column`` on a line indented by ``indent``, followed by
    ``tail`` more characters on its last line."""
    out: list[str] = []
    _render(doc, column, indent, tail, line_length, out)
    return "".join(out)


def _render(
    doc: Doc, column: int, indent: int, tail: int, limit: int, out: list[str]
) -> None:
    if type(doc) is str:
        out.append(doc)
        return
    if type(doc) is Pair:
        _render_pair(doc, column, indent, tail, limit, out)
        return
    seq: Seq = doc  # type: ignore[assignment]
    if column + seq.width + tail <= limit:
        out.append(flat(seq))
        return
    if seq._items is None:  # plain texts: exploded with one join
        texts = seq._texts
        if not texts:
            out.append(flat(seq))
            return
        if seq._prefixes is not None:
            texts = list(map(str.__add__, seq._prefixes, texts))
        if seq._explode is None or (
            # every item fits its own line (and a lone one would not hug)
            (len(texts) > 1 or seq._prefixes is not None)
            and indent + 5 + max(map(len, texts)) <= limit
        ):
            pad = "\n" + " " * (indent + 4)
            out.append(seq.open + pad + ("," + pad).join(texts) + ",\n")
            out.append(" " * indent + seq.close)
            return
        # some item is too long for its line: lay it out as a document
    items = seq.items
    if not items:
        out.append(flat(seq))
        return
    if len(items) == 1 and not seq.one and not items[0][0] and type(items[0][1]) is Seq:
        # hug a lone bracketed argument: f([ ... ]) rather than f(\n    [ ... ],\n)
        out.append(seq.open)
        _render(
            items[0][1],
            column + len(seq.open),
            indent,
            tail + len(seq.close),
            limit,
            out,
        )
        out.append(seq.close)
        return
    out.append(seq.open)
    inner = indent + 4
    pad = "\n" + " " * inner
    for prefix, item in items:
        out.append(pad)
        out.append(prefix)
        if type(item) is str:
            out.append(item)
        else:
            _render(item, inner + len(prefix), inner, 1, limit, out)
        out.append(",")
    out.append("\n" + " " * indent + seq.close)


def _render_pair(
    pair: Pair, column: int, indent: int, tail: int, limit: int, out: list[str]
) -> None:
    key, sep, value = pair.key, pair.sep, pair.value
    key_width = width(key) + len(sep)
    # what must share the key's last line: the separator, then all of a value
    # that cannot be broken (an atom, ``[]``), or the opening bracket of one
    # that can
    after = len(sep)
    if type(value) is str:
        after += len(value) + tail
    elif type(value) is Seq:
        empty = not (value._texts if value._items is None else value._items)
        after += value.width + tail if empty else len(value.open)
    if type(key) is not str and column + width(key) + after > limit:
        exploded: list[str] = []
        _render(key, column, indent, after, limit, exploded)
        written = "".join(exploded)
        last = written.rfind("\n")  # (-1: the key stayed on its line after all)
        end = column + len(written) if last < 0 else len(written) - last - 1
        if end + after <= limit or column + key_width > limit:
            out.append(written + sep)
            _render(value, end + len(sep), indent, tail, limit, out)
            return
        # an atom too long even after the exploded key: one long line instead
    out.append(flat(key) + sep)  # (a key that fits: as a prefix)
    _render(value, column + key_width, indent, tail, limit, out)

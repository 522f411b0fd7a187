"""Shrinking: hand the merge short stand-ins for the values it never looks into.

Regenerating (``persist.emit.regenerate``) merges two whole archive texts
with libcst, whose parser and code generator are slow: a 1.6 MB archive with
one comment added by hand took 25 s and 1.5 GB to save. Yet the merge never
looks inside the value of a plain assignment: it keeps the whole statement
or replaces it. So before merging, each such value is swapped for a name
that occurs in neither text (the same value text, the same name), and after
merging the names are swapped back:

    rows = [                          rows = (
        [0, 0.5, 'r0'],       ->      _persist_value_0
    ]                                 )
    gain = 1.5  # volts               gain = (_persist_value_1)  # volts

A value on several lines stands in on several lines, so that the merge's
"is this a one-line statement" test (which carries a trailing comment over)
answers as before. Comments inside a value need no care: the statement is
kept whole, or replaced whole, as before; two values of different texts
may still have the same syntax tree, which ``expand`` lets the merge check.

Shrunk are only the values of statements ``target = value`` in the module's
body, each on lines of its own. Not shrunk: assignments to several targets
and statements sharing a line (the merge matches those by their first line,
value included), and anything inside a compound statement (the scoped
style's functions, the array loader): a changed statement there is
re-indented like the old file, continuation lines inside its values too.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True, slots=True)
class Shrunk:
    """Two texts with their values swapped for names; ``values`` maps each name
    to the value text it stands for, ``pattern`` finds the stand-ins."""

    old: str
    new: str
    values: dict[str, str]
    pattern: re.Pattern[str]


def shrink(old_tree: ast.Module, old_text: str, new_text: str) -> Shrunk:
    """``old_text`` (which ``old_tree`` is parsed from) and ``new_text`` with
    their assignments' values swapped for names."""
    prefix = _free_prefix(old_text, new_text)
    names: dict[str, str] = {}
    if "\r" in old_text + new_text:  # ast's lines are not str.split's
        old, new = old_text, new_text
    else:
        old = _shrink_text(old_tree, old_text, prefix, names)
        new = _shrink_text(ast.parse(new_text), new_text, prefix, names)
    name = re.escape(prefix) + r"\d+"
    pattern = re.compile(rf"\(\n({name})\n\)|\(({name})\)")
    return Shrunk(old, new, {name: text for text, name in names.items()}, pattern)


def expand(code: str, shrunk: Shrunk) -> str:
    """``code`` (a piece of a shrunk text) with its values put back."""
    if not shrunk.values:
        return code
    return shrunk.pattern.sub(lambda found: shrunk.values[found[1] or found[2]], code)


def _free_prefix(*texts: str) -> str:
    """A prefix for names that occurs in none of ``texts``."""
    prefix = "_persist_value_"
    while any(prefix in text for text in texts):
        prefix += "_"
    return prefix


def _shrink_text(
    tree: ast.Module, text: str, prefix: str, names: dict[str, str]
) -> str:
    """``text`` with its shrinkable values swapped for names, which ``names``
    gives (value text -> name) and is added to."""
    lines = text.split("\n")
    starts = [0, *accumulate(len(line) + 1 for line in lines)]

    def offset(line: int, column: int) -> int:
        """The text offset of ast's (line, UTF-8 byte column)."""
        chars = lines[line - 1]
        if not chars.isascii():
            column = len(chars.encode()[:column].decode())
        return starts[line - 1] + column

    pieces = []
    done = 0
    for value in _shrinkable(tree):
        assert value.end_lineno is not None and value.end_col_offset is not None
        start = offset(value.lineno, value.col_offset)
        end = offset(value.end_lineno, value.end_col_offset)
        name = names.setdefault(text[start:end], f"{prefix}{len(names)}")
        multiline = value.lineno != value.end_lineno
        pieces += [text[done:start], f"(\n{name}\n)" if multiline else f"({name})"]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _shrinkable(tree: ast.Module) -> list[ast.expr]:
    """The values of the module's statements that share no line with another
    statement, in the order of the text."""
    body = tree.body
    return [
        value
        for index, statement in enumerate(body)
        if (index == 0 or body[index - 1].end_lineno != statement.lineno)
        and (index + 1 == len(body) or body[index + 1].lineno != statement.end_lineno)
        for value in _values(statement)
    ]


def _values(statement: ast.stmt) -> list[ast.expr]:
    """The value of ``target = value``, the arguments of ``x.extend(...)``."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        return [statement.value]
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        call = statement.value
        arguments = [*call.args, *(keyword.value for keyword in call.keywords)]
        return sorted(arguments, key=lambda value: (value.lineno, value.col_offset))
    return []

"""Refusals: the ``UnsafeArchiveError`` that names file, line and construct,
and shows the line.

    unsafe(text, '<archive>', node, "setting the attribute '__class__'")
    -> <archive>:2: unsafe archive: setting the attribute '__class__' is not allowed
           p.__class__ = x

A construct is named in words by the rule that refused it; a kind of node no
rule accepts is named by ``construct_name`` (``list comprehension``).
"""

from __future__ import annotations

import ast

from persist.errors import UnsafeArchiveError

_NAMES = {
    "Lambda": "lambda",
    "ListComp": "list comprehension",
    "SetComp": "set comprehension",
    "DictComp": "dict comprehension",
    "GeneratorExp": "generator expression",
    "NamedExpr": "assignment expression (:=)",
    "JoinedStr": "f-string",
    "Starred": "starred argument",
    "Global": "global statement",
    "Nonlocal": "nonlocal statement",
    "ClassDef": "class definition",
    "AsyncFunctionDef": "async function",
    "Import": "import of a module",
}


def unsafe(
    text: str, filename: str, node: ast.AST, construct: str
) -> UnsafeArchiveError:
    """The error refusing ``construct`` at ``node`` of archive ``text``."""
    lineno = getattr(node, "lineno", None)
    where = f"{filename}:{lineno}" if lineno else filename
    lines = text.splitlines()
    source = ""
    if lineno and 0 < lineno <= len(lines):
        source = "\n    " + lines[lineno - 1].strip()[:120]
    return UnsafeArchiveError(
        f"{where}: unsafe archive: {construct} is not allowed{source}",
        filename,
        lineno,
        construct,
    )


def construct_name(node: ast.AST) -> str:
    """A node kind that no rule accepts, in words."""
    kind = type(node).__name__
    what = "statement" if isinstance(node, ast.stmt) else "expression"
    return _NAMES.get(kind, f"{kind} {what}")


def source_segment(text: str, node: ast.AST) -> str:
    """The source of ``node`` (at most 60 characters), to quote in a refusal."""
    return (ast.get_source_segment(text, node) or type(node).__name__)[:60]

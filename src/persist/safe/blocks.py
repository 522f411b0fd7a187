"""Blocks an archive may hold only verbatim, and the tree matching they need.

persist writes a few blocks of its own around the values: the array loader
prologue, the single-item epilogue, the clean-up ``try``, the DataSet footer.
They contain what the value grammar refuses (``if``, ``globals()``, a
comprehension), so they pass only as exact copies of the code persist would
write, compared by syntax tree:

    if '_arrays' not in globals(): ...     the loader for ('w', 'm_a') in 'run_arrays'
    -> loader_parts(stmt) == ('run_arrays', ['w', 'm_a']); is_loader(stmt, ...) True

This module decides only whether a block is one of those; checking the names
and keys a block mentions is the verifier's job.
"""

from __future__ import annotations

import ast
import functools
from typing import Any


def same_tree(a: Any, b: Any) -> bool:
    """Structural equality of two syntax trees, positions aside (iterative)."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, ast.AST):
            stack.extend((getattr(x, f, None), getattr(y, f, None)) for f in x._fields)
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif x != y:
            return False
    return True


def constant(node: ast.AST, *kinds: type) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in kinds


@functools.lru_cache(maxsize=64)
def _template(text: str) -> list[ast.stmt]:
    """The statements of ``text`` (cached: never change them)."""
    return ast.parse(text).body


def is_cleanup(stmt: ast.Try, data_name: str) -> bool:
    """Whether ``stmt`` is the clean-up ``try: del __builtins__ ...`` of a
    module or of a DataSet."""
    from persist.emit.statements import _CLEANUP

    flat = _template(_CLEANUP.format(data=data_name))
    dataset = _template("try:\n    del __builtins__\nexcept NameError:\n    pass\n")
    return any(same_tree(stmt, t) for t in flat + dataset)


def single_item_name(stmt: ast.If) -> ast.Name | None:
    """The name an exact single-item epilogue hands over, else None."""
    from persist.archive import _SINGLE_ITEM

    name = stmt.body[0].value if isinstance(stmt.body[0], ast.Assign) else None
    if isinstance(name, ast.Name):
        epilogue = _template(_SINGLE_ITEM.format(name=name.id))
        if same_tree([stmt], epilogue):
            return name
    return None


def loader_parts(stmt: ast.If) -> tuple[str, list[str]] | None:
    """The store path and array keys ``stmt`` names, if it looks like an
    array loader prologue (``is_loader`` says whether it is one)."""
    folder: str | None = None
    keys: list[str] | None = None
    for node in ast.walk(stmt):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "join"
            and len(node.args) == 2
            and isinstance(node.args[0], ast.Call)
            and constant(node.args[1], str)
        ):
            folder = folder or node.args[1].value  # type: ignore[attr-defined]
        elif (
            isinstance(node, ast.Tuple)
            and node.elts
            and keys is None
            and all(constant(e, str) for e in node.elts)
        ):
            keys = [e.value for e in node.elts]  # type: ignore[attr-defined]
    if folder is None or keys is None:
        return None
    return folder, keys


def is_loader(stmt: ast.If, folder: str, keys: list[str], data_name: str) -> bool:
    """Whether ``stmt`` is exactly the loader persist writes for these arrays,
    in one of the store formats."""
    from persist.store.arrays import FORMATS, loader_source

    for data_format in FORMATS:
        source = loader_source(data_format, folder, keys, data_name)
        if same_tree([stmt], _template(source)):
            return True
    return False


def footer_length(body: list[ast.stmt], i: int) -> int:
    """How many statements from ``body[i]`` are the DataSet footer (0: none)."""
    from persist.metadata import END_MARK, FOOTER

    footer = _template(FOOTER.format(end=END_MARK))
    footer = [s for s in footer if not isinstance(s, ast.Try)]
    return len(footer) if same_tree(body[i : i + len(footer)], footer) else 0

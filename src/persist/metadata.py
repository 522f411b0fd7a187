"""The text of a DataSet's ``__init__.py``: a header, one block per key
(``_info_dict['x'] = ...`` after a ``# -- key: x`` mark), and a footer that
makes re-importing the package re-read its items. The marks are whole lines.

    '''A persist DataSet: ...'''
    _info_dict = {}
    # -- key: x
    _info_dict['x'] = ...
    # -- end of metadata
    ...

Written whole (``assemble``) and read block by block (``read_metadata``), so
writing one key costs the same however many keys there are, and one broken
value leaves the others readable.
"""

from __future__ import annotations

import builtins
import re
import traceback
from pathlib import Path
from typing import Any

from persist.errors import LoadError
from persist.options import Options
from persist.pieces import compile_at
from persist.pipeline import compile_archive

KEY_MARK = "# -- key: "
END_MARK = "# -- end of metadata"
HEADER = '''\
"""A persist DataSet: metadata in _info_dict.

`import {name}.<key>` loads an item.
"""
_info_dict = {{}}
'''
FOOTER = '''\
{end}


def _forget_loaded_items():
    """On reload, drop the items imported before, so that importing them again
    reads them from disk."""
    for key in _info_dict:
        if key in globals():
            del globals()[key]
            __import__('sys').modules.pop(__name__ + '.' + key, None)


_forget_loaded_items()
del _forget_loaded_items
try:
    del __builtins__
except NameError:
    pass
'''


def block_text(key: str, value: Any) -> str:
    """The block of ``key``: its mark, then ``_info_dict[key] = ...``."""
    compiled = compile_archive(
        [(key, value)], Options(root_container="_info_dict"), cleanup=False
    )
    return f"{KEY_MARK}{key}\n{compiled.text}"


def assemble(name: str, blocks: dict[str, str]) -> str:
    """The whole ``__init__.py`` of the DataSet ``name`` from its blocks."""
    parts = [HEADER.format(name=name)]
    parts.extend(blocks.values())
    parts.append(FOOTER.format(end=END_MARK))
    return "".join(parts)


def has_block(text: str, key: str) -> bool:
    """Whether ``text`` holds a block for ``key``."""
    return any(name == key for name, _, _ in _blocks(text, _end(text)))


def written_by_blocks(text: str) -> bool:
    """Whether ``text`` is in blocks (else hand-written, or by persist 3.2)."""
    return _end(text) >= 0


def splice(text: str, key: str, block: str) -> str:
    """``text`` (in blocks) with ``key``'s block replaced by ``block``, or
    added after the others: only that block changes, so writing one key
    costs the same however many there are (beyond copying the text)."""
    end = _end(text)
    for name, start, stop in _blocks(text, end):
        if name == key:
            return text[:start] + block + text[stop:]
    return text[:end] + block + text[end:]


def split_blocks(text: str) -> dict[str, str] | None:
    """Blocks by key, or None when the text was not written by this module."""
    end = _end(text)
    if end < 0:
        return None
    return {name: text[start:stop] for name, start, stop in _blocks(text, end)}


# The marks are whole lines. A value's text never starts a line with '#': a
# string is written as one literal, its repr, whose line breaks are escapes
# (``'a\n# -- key: b'``), so a mark that a string holds is never taken for one.
_KEY_LINE = re.compile("^" + re.escape(KEY_MARK) + "(.*)$", re.MULTILINE)
_END_LINE = re.compile("^" + re.escape(END_MARK) + "$", re.MULTILINE)


def _end(text: str) -> int:
    """Where the end mark's line starts, or -1 when there is none."""
    found = _END_LINE.search(text)
    return found.start() if found else -1


def _blocks(text: str, end: int) -> list[tuple[str, int, int]]:
    """Each block before ``end`` (none when it is -1): its key, where its mark
    line starts and where it stops."""
    if end < 0:
        return []
    marks = list(_KEY_LINE.finditer(text, 0, end))
    bounds = [mark.start() for mark in marks] + [end]
    return [(mark.group(1), bounds[i], bounds[i + 1]) for i, mark in enumerate(marks)]


def read_metadata(
    init: Path, text: str | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Execute ``__init__.py`` (its ``text``) block by block: values of keys
    that fail are reported, the others stay usable."""
    if text is None:
        text = init.read_text(encoding="utf-8")
    namespace: dict[str, Any] = {
        "__name__": "__persist_dataset__",
        "__file__": str(init),
        "__builtins__": builtins,
    }
    end = _end(text)
    broken: dict[str, str] = {}
    if end < 0:
        try:
            exec(compile(text, str(init), "exec"), namespace)
        except Exception as exc:
            raise LoadError(
                f"{init}: cannot read the metadata: {type(exc).__name__}: {exc}"
            ) from exc
        return dict(namespace.get("_info_dict", {})), broken
    namespace["_info_dict"] = {}
    line = position = 0
    for key, start, stop in _blocks(text, end):
        line += text.count("\n", position, start)  # compiled at its place, a
        position = start  # broken block is reported at its line of the file
        try:
            exec(compile_at(text[start:stop], str(init), line), namespace)
        except Exception as exc:
            broken[key] = _problem(exc, init)
            namespace["_info_dict"].pop(key, None)
    return dict(namespace["_info_dict"]), broken


def _problem(exc: Exception, init: Path) -> str:
    """What is wrong with a block and where: ``path:line: Error: message``."""
    if isinstance(exc, SyntaxError):
        return f"{init}:{exc.lineno}: {type(exc).__name__}: {exc.msg}"
    lines = [
        line
        for frame, line in traceback.walk_tb(exc.__traceback__)
        if frame.f_code.co_filename == str(init)
    ]
    where = f"{init}:{lines[-1]}" if lines else str(init)
    return f"{where}: {type(exc).__name__}: {exc}"

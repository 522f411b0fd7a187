"""Compile a large archive a piece at a time.

CPython's compiler holds the whole syntax tree of what it compiles, about a
hundred bytes per character of source: a 30 MB archive needs over 3 GB, and
the time per byte grows with the size. An archive is a sequence of top-level
statements, so ``pieces`` compiles it a group of statements (~32 KB) at a
time; each piece is run before the next is compiled. Line numbers are those of
the whole text.

Small pieces are also faster: the compiler's working memory for 32 KB of
source stays in the CPU caches and is reused from piece to piece instead of
being faulted in afresh. Compiling and running the bench's n=1e4 archives
(``python -m bench.pieces``) took W1 43 ms whole vs 36 ms in 32 KB pieces, W2
64 vs 56 ms, W5 303 vs 218 ms; 256 KB pieces were barely faster than whole.

    for code in pieces(text, "<archive>"):
        exec(code, namespace)

A piece ends before a line that starts a statement at column 0 (not a closing
bracket, a comment, a string, or ``else``/``elif``/``except``/``finally``).
Should such a line not end a statement (a hand-edited file can put anything at
column 0), the piece does not compile and grows until it does, doubling, so
the work stays linear; a real syntax error is raised with its line in the text,
and so is a compile-time warning (``compile_at``).
"""

from __future__ import annotations

import re
import types
import warnings
from collections.abc import Iterator

PIECE = 32 * 1024  # characters a piece holds at least (the last one: at most)

_START = re.compile(
    r"\n(?=[^\s)\]}#'\"])"
    r"(?![rRbBuUfF]{1,2}['\"])"
    r"(?!(?:else|elif|except|finally)\b)"
)


def pieces(text: str, filename: str, piece: int = PIECE) -> Iterator[types.CodeType]:
    """Code objects that, run in order in one namespace, run ``text``."""
    if len(text) <= 2 * piece or "__future__" in text:
        yield compile(text, filename, "exec", dont_inherit=True)
        return
    size = len(text)
    start = 0
    line = 0  # lines before ``start``
    while start < size:
        want = piece
        while True:
            found = _START.search(text, start + want) if start + want < size else None
            stop = found.start() + 1 if found is not None else size
            try:
                code = compile_at(text[start:stop], filename, line)
            except SyntaxError:
                if stop < size:
                    want = 2 * (stop - start)  # not a statement boundary: grow
                    continue
                raise
            break
        yield code
        line += text.count("\n", start, stop)
        start = stop


def compile_at(text: str, filename: str, lines: int) -> types.CodeType:
    """``text``, the part of the file ``filename`` after its first ``lines``
    lines, compiled with the file's line numbers: in the code, in a syntax
    error, and in a compile-time warning (``check = 1 is 1``: SyntaxWarning).

    The compiler only knows the part, so its warnings are caught (all of
    them, unfiltered) and issued again at the file's line, where the
    caller's filters judge them once, as if the file had been compiled
    whole. ``catch_warnings`` is process-wide: a warning another thread
    gives meanwhile is issued again too, unchanged.
    """
    if not lines:
        return compile(text, filename, "exec", dont_inherit=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code = compile(text, filename, "exec", dont_inherit=True)
        except SyntaxError as exc:
            _move(exc, lines)
            raise
    for warning in caught:
        if warning.filename == filename:
            _warn_at(warning, text, lines)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return _shift(code, lines)


def _warn_at(warning: warnings.WarningMessage, text: str, lines: int) -> None:
    """Issue a compile-time warning about ``text`` again, ``lines`` lower.

    Where a filter makes it an error, the compiler raises a SyntaxError at the
    warning's place instead; so does this."""
    lineno = warning.lineno + lines
    try:
        warnings.warn_explicit(
            warning.message, warning.category, warning.filename, lineno
        )
    except warning.category as exc:
        source = text.splitlines(True)[warning.lineno - 1 : warning.lineno]
        raise SyntaxError(
            str(exc), (warning.filename, lineno, None, "".join(source))
        ) from None


def _shift(code: types.CodeType, lines: int) -> types.CodeType:
    """``code`` (and the functions in it) moved down by ``lines`` lines."""
    consts = tuple(
        _shift(c, lines) if isinstance(c, types.CodeType) else c for c in code.co_consts
    )
    return code.replace(co_firstlineno=code.co_firstlineno + lines, co_consts=consts)


def _move(exc: SyntaxError, lines: int) -> None:
    if exc.lineno is not None:
        exc.lineno += lines
    end = getattr(exc, "end_lineno", None)
    if end is not None:
        exc.end_lineno = end + lines

"""Compiling large archives a piece at a time (persist/pieces.py)."""

from __future__ import annotations

import traceback
import warnings
from typing import Any

import pytest

import persist
from persist.errors import LoadError
from persist.pieces import pieces


def run(text: str, piece: int) -> tuple[dict[str, Any], int]:
    namespace: dict[str, Any] = {}
    count = 0
    for code in pieces(text, "<t>", piece=piece):
        exec(code, namespace)
        count += 1
    namespace.pop("__builtins__", None)
    return namespace, count


def statements(n: int) -> str:
    return "".join(f"x{i} = [\n    {i},\n    'a{i}',\n]\n" for i in range(n))


def test_small_text_is_one_piece() -> None:
    namespace, count = run(statements(3), piece=1 << 20)
    assert count == 1 and namespace["x2"] == [2, "a2"]


def test_large_text_runs_in_pieces_with_the_same_result() -> None:
    text = statements(2000)
    whole: dict[str, Any] = {}
    exec(compile(text, "<t>", "exec"), whole)
    whole.pop("__builtins__")
    namespace, count = run(text, piece=1000)
    assert count > 20
    assert namespace == whole


def test_column_zero_lines_that_are_no_statement_boundary() -> None:
    # closing brackets, strings, comments, else/except and a column-0 line
    # inside a triple-quoted string must never end a piece
    block = (
        "a = [\n1,\n2,\n]\n"
        "s = '''\nb = 1\n'''\n"
        "# b = 2\n"
        "if a:\n    c = 1\nelse:\n    c = 2\n"
        "try:\n    d = 1\nexcept NameError:\n    pass\n"
        "t = (\n'x'\n'y'\n)\n"
        "@staticmethod\ndef f():\n    return 1\n"
    )
    text = block * 60
    whole: dict[str, Any] = {}
    exec(compile(text, "<t>", "exec"), whole)
    whole.pop("__builtins__")
    for piece in (7, 40, 200):
        namespace, count = run(text, piece)
        assert count > 1
        assert {k: v for k, v in namespace.items() if k != "f"} == {
            k: v for k, v in whole.items() if k != "f"
        }
        assert namespace["s"] == "\nb = 1\n" and "__doc__" not in namespace


def test_line_numbers_are_those_of_the_whole_text() -> None:
    text = statements(500) + "def g():\n    return 1 / 0\n" + "y = g()\n"
    namespace: dict[str, Any] = {}
    with pytest.raises(ZeroDivisionError) as info:
        for code in pieces(text, "<t>", piece=500):
            exec(code, namespace)
    frames = traceback.extract_tb(info.tb)
    where = [(f.lineno, f.name) for f in frames if f.filename == "<t>"]
    assert where == [(2003, "<module>"), (2002, "g")]  # 2,000 lines before


def test_a_syntax_error_late_in_the_text_names_its_line() -> None:
    text = statements(500) + "z = (1,\n" + statements(10)
    with pytest.raises(SyntaxError) as info:
        run(text, piece=500)
    assert info.value.lineno == 2001


def test_loads_of_a_large_archive_in_pieces() -> None:
    value = {f"k{i}": [[i, i + 1], {"v": float(i)}] for i in range(20_000)}
    rows = [[i, i * 2, str(i)] for i in range(30_000)]
    text = persist.dumps(x=value, rows=rows)
    assert len(text) > 4 * 256 * 1024
    loaded = persist.loads(text)
    assert loaded == {"x": value, "rows": rows}


def test_loads_reports_an_error_in_a_late_piece_with_its_line() -> None:
    text = persist.dumps(rows=[[i, str(i)] for i in range(60_000)])
    text = text.replace("[59998, '59998']", "[59998, 1 / 0]")
    line = text[: text.index("1 / 0")].count("\n") + 1
    with pytest.raises(LoadError) as info:
        persist.loads(text)
    assert info.value.lineno == line  # type: ignore[attr-defined]


def test_linecache_lines_are_split_only_when_read() -> None:
    from persist.load import _Lines

    lines = _Lines("a = 1\nb = 2\n")
    assert list.__len__(lines) == 0  # nothing split yet
    assert lines[1] == "b = 2\n"
    assert len(lines) == 2 and list(lines) == ["a = 1\n", "b = 2\n"]


def test_a_compile_time_warning_names_its_line_in_the_whole_text() -> None:
    """The compiler warns about ``1 is 1`` (SyntaxWarning) at the line of the
    piece it compiles; the warning is given again at the line of the text."""
    text = statements(500) + "check = 1 is 1\n" + statements(10)
    with pytest.warns(SyntaxWarning, match="is") as caught:
        namespace, count = run(text, piece=500)
    assert count > 1 and namespace["check"] is True
    assert [(w.filename, w.lineno) for w in caught] == [("<t>", 2001)]


def test_a_warning_made_an_error_is_a_syntax_error_at_its_line() -> None:
    """As when compiling the whole text: an "error" filter turns the warning
    into a SyntaxError at its place, which a load reports with its line."""
    text = statements(500) + "check = 1 is 1\n" + statements(10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(SyntaxError) as info:
            run(text, piece=500)
    assert info.value.lineno == 2001
    assert info.value.text == "check = 1 is 1\n"  # the line shown under the error

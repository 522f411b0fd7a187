"""Regenerating a hand-edited archive keeps what the person added.

``golden/regenerate/hand_edited.py`` is an archive a person annotated;
the program then saves the same names again with one value changed. The result
must equal ``golden/regenerate/expected.py``, and differ from the hand-edited
file only in that value's line.
"""

from __future__ import annotations

import ast
import datetime
import difflib
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import persist
from diskutil import fresh_python
from persist.emit.regenerate import has_hand_edits, regenerate
from persist.emit.shrink import expand, shrink

CASE = Path(__file__).resolve().parent.parent / "golden" / "regenerate"
UPDATE = "python -m pytest tests/test_regenerate.py --update-golden"

VALUES = dict(
    gain=1.75,  # the one change: was 1.5
    offset=0.0,
    channels=["left", "right"],
    calibration={
        "date": "2026-11-02",
        "operator": "ana",
        "points": [0.0, 0.5, 1.0, 1.5],
    },
)


def _changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(
            old.splitlines(), new.splitlines(), lineterm=""
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_saving_over_a_hand_edited_archive_keeps_its_comments(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    target = tmp_path / "settings.py"
    shutil.copy(CASE / "hand_edited.py", target)
    persist.dump(target, **VALUES)
    result = target.read_text()
    expected_file = CASE / "expected.py"
    if request.config.getoption("--update-golden"):
        expected_file.write_text(result)
    expected = expected_file.read_text()
    assert result == expected, (
        "regenerated text differs:\n"
        + "\n".join(difflib.unified_diff(expected.splitlines(), result.splitlines()))
        + f"\nif the new text is right: {UPDATE}"
    )
    hand_edited = (CASE / "hand_edited.py").read_text()
    assert _changed_lines(hand_edited, result) == [
        "-gain = 1.5",
        "+gain = 1.75",
    ]
    assert persist.load(target) == VALUES


def test_saving_unchanged_values_leaves_the_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "settings.py"
    shutil.copy(CASE / "hand_edited.py", target)
    before = target.stat().st_mtime_ns
    persist.dump(target, **dict(VALUES, gain=1.5))
    assert target.read_text() == (CASE / "hand_edited.py").read_text()
    assert target.stat().st_mtime_ns == before


def test_removed_names_drop_their_comments_and_new_ones_come_in_order() -> None:
    old = "# about a\na = 1\n# about b\nb = 2\n"
    new = "a = 1\nc = 3\n"
    assert regenerate(old, new) == "# about a\na = 1\nc = 3\n"


def test_a_changed_one_line_value_keeps_its_trailing_comment() -> None:
    assert regenerate("x = 1  # volts\n", "x = 2\n") == "x = 2  # volts\n"


def test_untouched_generated_text_is_not_reparsed() -> None:
    generated = persist.dumps(x=[1, 2])
    assert not has_hand_edits(generated, persist.dumps(x=[1, 3]))
    assert has_hand_edits("# note\n" + generated, generated)


def test_ints_past_decimal_text_are_compared_too() -> None:
    """An int too long for decimal text (written in hex) has no ``ast.dump``:
    merging a hand-edited archive that holds one failed with ValueError."""
    big = 10**5000
    old = "# note\n" + persist.dumps(x=big, y=1)
    kept = regenerate(old, persist.dumps(x=big, y=2))
    assert kept.startswith("# note\n") and "y = 2" in kept
    assert persist.loads(kept) == {"x": big, "y": 2}
    changed = regenerate(old, persist.dumps(x=big + 1, y=1))
    assert persist.loads(changed) == {"x": big + 1, "y": 1}


def test_a_target_laid_out_on_several_lines_is_matched_whatever_its_comments() -> None:
    """``x[`` a key too long for one line ``] = ...``: a comment added inside
    the key is kept, and when the value changes, the statement is replaced
    and the comment above it kept, as for any other target."""
    exploded = "x[\n" + "".join(f"    'parameter_{i}',\n" for i in range(8)) + "]"
    old = f"x = {{}}\n{exploded} = 1\ny = 2\n"
    edited = old.replace("'parameter_0',\n", "'parameter_0',  # the first\n")
    edited = edited.replace("x[\n", "# about this entry\nx[\n")
    assert edited.count("#") == 2
    assert regenerate(edited, old) == edited  # the same statements: all kept
    changed = regenerate(edited, f"x = {{}}\n{exploded} = 5\ny = 2\n")
    assert changed == f"x = {{}}\n# about this entry\n{exploded} = 5\ny = 2\n"


def test_a_requoted_key_is_the_same_target() -> None:
    """A formatter (black, ruff format) turns ``d['self']`` into ``d["self"]``:
    the same syntax tree, so the statement and its comments are kept (they
    were dropped: a one-line target was matched by its text)."""
    d: dict[str, object] = {"v": 1}
    d["self"] = d
    generated = persist.dumps(d=d)
    assert "d['self'] = d\n" in generated
    edited = generated.replace(
        "d['self'] = d\n", '# closes the cycle\nd["self"] = d  # note\n'
    )
    assert regenerate(edited, generated) == edited


@pytest.mark.parametrize("scoped", [False, True], ids=["flat", "scoped"])
def test_blank_lines_added_by_hand_are_kept(tmp_path: Path, scoped: bool) -> None:
    """The scoped style has blank lines of its own; blank lines added by hand
    were taken for them, so the file was rewritten without them."""
    objects = dict(day=datetime.date(2024, 5, 1), a=1, b=2)
    path = persist.dump(tmp_path / "arch.py", scoped=scoped, **objects)
    edited = path.read_text().replace("b = 2\n", "\n\nb = 2\n")
    path.write_text(edited)
    persist.dump(path, scoped=scoped, **objects)
    assert path.read_text() == edited
    assert has_hand_edits(edited, persist.dumps(scoped=scoped, **objects))


def test_a_blank_line_added_beside_the_array_loader_is_kept(tmp_path: Path) -> None:
    archive = persist.Archive(array_threshold=2)
    archive.insert(x=np.arange(5), a=1)
    path = archive.save(tmp_path, "m", package=False)
    edited = path.read_text().replace("a = 1\n", "\na = 1\n")
    path.write_text(edited)
    archive.save(tmp_path, "m", package=False)
    assert path.read_text() == edited


@pytest.mark.parametrize("depth", [250, 3000])
def test_an_old_file_nested_too_deep_is_overwritten(tmp_path: Path, depth: int) -> None:
    """Brackets nested by hand past what Python parses (200): saving raised
    RecursionError (250 levels) or crashed the interpreter in libcst's parser
    (3000), where the docs promise the file is simply overwritten. Run in a
    child process, which a crash does not take the tests down with."""
    path = tmp_path / "deep.py"
    path.write_text("# note\nx = " + "[" * depth + "]" * depth + "\n")
    fresh_python(
        f"import persist\npersist.dump({str(path)!r}, x=1)\n", block_persist=False
    )
    assert path.read_text() == persist.dumps(x=1)


def test_a_deep_old_file_that_libcst_cannot_walk_is_overwritten() -> None:
    """Nested less than Python's limit, yet more than libcst's recursive walks
    bear under a low recursion limit: RecursionError means nothing is kept.
    (A bare expression: an assignment's value is shrunk away before libcst
    walks the text.)"""
    old = "# note\n" + "[" * 150 + "]" * 150 + "\n"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)
    try:
        merged = regenerate(old, "x = 1\n")
    finally:
        sys.setrecursionlimit(limit)
    assert merged == "x = 1\n"


@pytest.mark.parametrize("indent", ["\t", "  "], ids=["tabs", "two spaces"])
def test_a_file_indented_by_hand_keeps_its_indentation(
    tmp_path: Path, indent: str
) -> None:
    """Kept statements were written with the new text's four spaces, as its
    module's default indentation; a file with no other edit was not merged."""
    objects = dict(day=datetime.date(2024, 5, 1), a=[1, 2])
    path = persist.dump(tmp_path / "arch.py", scoped=True, **objects)
    edited = path.read_text().replace("\n    ", "\n" + indent)
    path.write_text(edited)
    persist.dump(path, scoped=True, **objects)
    assert path.read_text() == edited
    persist.dump(path, scoped=True, **dict(objects, a=[3]))
    assert path.read_text() == edited.replace("a = [1, 2]", "a = [3]")


def test_shrink_swaps_values_for_names_and_expand_puts_them_back() -> None:
    """The merge sees short names for values: the same text, the same name;
    a value on several lines stands in on several lines."""
    old = "# note\nx = [\n    1,\n]\ny = 2  # two\nx.extend([3])\nif x:\n    z = 4\n"
    new = "x = [\n    1,\n]\ny = [3]\n"
    shrunk = shrink(ast.parse(old), old, new)
    assert shrunk.old == (
        "# note\nx = (\n_persist_value_0\n)\ny = (_persist_value_1)  # two\n"
        "x.extend((_persist_value_2))\nif x:\n    z = 4\n"
    )
    assert shrunk.new == "x = (\n_persist_value_0\n)\ny = (_persist_value_2)\n"
    assert expand(shrunk.old, shrunk) == old
    assert expand(shrunk.new, shrunk) == new


def test_a_value_laid_out_otherwise_by_hand_is_kept() -> None:
    """Values of different texts stand in as different names; the same
    tree in another layout (exploded, commented, requoted) is still the same
    statement, kept as it was."""
    old = '# note\nx = [\n    1,  # one\n    2,\n]\ns = "a"\n'
    assert regenerate(old, "x = [1, 2]\ns = 'a'\n") == old
    changed = regenerate(old, "x = [1, 3]\ns = 'a'\n")
    assert changed == '# note\nx = [1, 3]\ns = "a"\n'


def test_a_changed_value_on_several_lines_does_not_take_the_trailing_comment() -> None:
    """Only a one-line statement takes the old one's trailing comment: a value
    on several lines must stand in on several lines."""
    old = "# note\nx = [\n    1,\n]  # end\ny = 1  # one\n"
    merged = regenerate(old, "x = [\n    2,\n]\ny = 2\n")
    assert merged == "# note\nx = [\n    2,\n]\ny = 2  # one\n"


def test_a_string_on_several_lines_is_one_value() -> None:
    old = '# note\ns = """a\nb"""  # doc\n'
    assert regenerate(old, "s = 'a\\nb'\n") == old
    assert regenerate(old, "s = 'a\\nc'\n") == "# note\ns = 'a\\nc'  # doc\n"
    new = 's = """a\nc"""\n'
    assert regenerate("# note\ns = 'a'  # doc\n", new) == "# note\n" + new


def test_values_are_cut_out_where_python_says_even_after_non_ascii_text() -> None:
    """ast gives columns in UTF-8 bytes: counted as characters, they cut
    a line holding ``é`` in the wrong place."""
    old = "# note\nd = {}\nd['café'] = 'crème'  # c\nd['à'] = [\n    'ü',\n]\n"
    new = "d = {}\nd['café'] = 'brûlée'\nd['à'] = [\n    'ö',\n]\n"
    merged = "# note\nd = {}\nd['café'] = 'brûlée'  # c\nd['à'] = [\n    'ö',\n]\n"
    assert regenerate(old, new) == merged


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "z = 0\n# about a\na = b = {\n    'k': 1,\n}\n",
            "z = 0\na = b = [\n    1,\n]\n",
        ),
        (
            "z = 0\n# about y\nx = 1; y = [\n    2,\n]\n",
            "z = 0\nx = 1; y = {\n    2,\n}\n",
        ),
    ],
    ids=["several targets", "a shared line"],
)
def test_statements_matched_by_their_first_line_keep_their_values(
    old: str, new: str
) -> None:
    """``a = b = {`` and ``a = b = [`` are different statements (matched by
    their first line): shrunk to ``a = b = (``, they were taken for one and
    the comment above kept."""
    assert regenerate(old, new) == new


def test_a_value_in_a_function_is_indented_like_the_file() -> None:
    """Inside the scoped style's functions a changed statement is indented
    like the old file, the continuation lines of its value too: values there
    are merged as they are."""
    old = "# note\ndef x():\n  y = [\n      1,\n  ]\n  return y\nx = x()\n"
    new = "def x():\n    y = [\n        2,\n    ]\n    return y\nx = x()\n"
    merged = "# note\ndef x():\n  y = [\n      2,\n  ]\n  return y\nx = x()\n"
    assert regenerate(old, new) == merged


def test_names_already_in_the_file_are_not_taken_for_values() -> None:
    text = "x = [1]\nif x:\n    y = (_persist_value_0)\n"
    assert regenerate("# note\n" + text, text) == "# note\n" + text


def test_a_big_archive_edited_by_hand_is_merged_in_pieces(tmp_path: Path) -> None:
    """A list saved as ``rows = [...]`` and ``rows.extend([...])`` steps: each
    value is shrunk; a comment at the top, above a step or inside a value is
    kept."""

    def rows(first: list[object]) -> list[list[object]]:
        """(New lists: persist names lists shared with other references.)"""
        return [first, *([i, f"r{i}"] for i in range(1, 3000))]

    path = persist.dump(tmp_path / "rows.py", rows=rows([0, "r0"]))
    generated = path.read_text()
    assert generated.count("rows.extend([\n") > 1
    first = generated.replace("rows = [\n", "rows = [\n    # the first\n")
    edited = "# note\n" + first.replace("rows.extend([\n", "# more\nrows.extend([\n")
    path.write_text(edited)
    persist.dump(path, rows=rows([0, "r0"]))
    assert path.read_text() == edited
    persist.dump(path, rows=rows([-1, "r-1"]))
    assert _changed_lines(edited, path.read_text()) == [
        "-    # the first",
        "-    [0, 'r0'],",
        "+    [-1, 'r-1'],",
    ]


def test_comments_in_the_array_loader_and_in_values_are_kept(tmp_path: Path) -> None:
    archive = persist.Archive(array_threshold=2)
    archive.insert(x=np.arange(5), a=[1, 2, 3] * 20)
    path = archive.save(tmp_path, "m", package=False)
    edited = path.read_text().replace(
        "        folder =", "        # store\n        folder ="
    )
    edited = edited.replace("a = [\n", "# about a\na = [\n    # the ones\n")
    path.write_text(edited)
    archive.save(tmp_path, "m", package=False)
    assert path.read_text() == edited
    archive = persist.Archive(array_threshold=2)
    archive.insert(x=np.arange(5), a=[1, 2])
    archive.save(tmp_path, "m", package=False)
    assert _changed_lines(edited, path.read_text()) == [
        "-a = [",
        "-    # the ones",
        *["-    1,", "-    2,", "-    3,"] * 20,
        "-]",
        "+a = [1, 2]",
    ]


def test_a_single_item_archive_keeps_the_comments_in_its_epilogue(
    tmp_path: Path,
) -> None:
    archive = persist.Archive(single_item_mode=True)
    archive.insert(item=[1, 2, 3])
    path = archive.save(tmp_path, "m", package=False)
    edited = path.read_text().replace("item = ", "# the item\nitem = ")
    edited = edited.replace("    __import__", "    # the item itself\n    __import__")
    path.write_text(edited)
    archive = persist.Archive(single_item_mode=True)
    archive.insert(item=[4])
    archive.save(tmp_path, "m", package=False)
    assert _changed_lines(edited, path.read_text()) == [
        "-item = [1, 2, 3]",
        "+item = [4]",
    ]

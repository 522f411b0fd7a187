"""Regenerating a hand-edited archive keeps what the person added.

``golden/regenerate/hand_edited.py`` is an archive a person annotated;
the program then saves the same names again with one value changed. The result
must equal ``golden/regenerate/expected.py``, and differ from the hand-edited
file only in that value's line.
"""

from __future__ import annotations

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
    bear under a low recursion limit: RecursionError means nothing is kept."""
    old = "# note\nx = " + "[" * 150 + "]" * 150 + "\n"
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

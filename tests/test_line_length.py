"""Lines of at most 88 columns wherever the layout has a choice: a scoped
function that takes many objects as defaults lists one per line, like any
exploded literal, so that one more object is one more line in a diff; a dict
key too long for its line (a tuple, a frozenset) is exploded like a value.
"""

from __future__ import annotations

import ast
import collections
import difflib
from pathlib import Path
from typing import Any

import persist
from persist import Archive
from structure import assert_same_structure

LINE = 88


class Holder:
    """Built by an import (a function of its own in the scoped style)."""


def objects(count: int) -> dict[str, Any]:
    parts = {f"part_number_{i}": [i] for i in range(count)}
    holder = Holder()
    holder.parts = list(parts.values())
    holder.me = holder  # a cycle: filled by ``_fill`` after it is made
    ordered = collections.OrderedDict(p=list(parts.values()))
    return {**parts, "x": holder, "y": ordered}


def scoped(items: dict[str, Any]) -> str:
    archive = Archive(scoped=True)
    archive.insert(**items)
    return str(archive)


def test_functions_with_many_defaults_keep_to_the_line_length() -> None:
    items = objects(8)
    text = scoped(items)
    assert [line for line in text.splitlines() if len(line) > LINE] == []
    functions = {
        s.name: s for s in ast.parse(text).body if isinstance(s, ast.FunctionDef)
    }
    assert {"_fill", "y"} <= set(functions)
    for name in ("_fill", "y"):  # every object still passed, by its own name
        params = functions[name].args.args
        defaults = functions[name].args.defaults
        assert [p.arg for p in params] == [d.id for d in defaults]  # type: ignore[attr-defined]
        assert {f"part_number_{i}" for i in range(8)} <= {p.arg for p in params}
    assert_same_structure(items, persist.loads(text))


def test_one_more_default_is_one_more_line() -> None:
    before = scoped(objects(8)).splitlines()
    after = scoped(objects(9)).splitlines()
    removed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line.startswith("-") and not line.startswith("---")
    ]
    assert removed == []


def test_a_function_with_few_defaults_keeps_them_on_its_line() -> None:
    text = scoped(objects(1))
    assert "def y(part_number_0=part_number_0):\n" in text


def test_a_dataset_with_a_long_name_keeps_its_files_to_the_line_length(
    tmp_path: Path,
) -> None:
    """The package's docstring names the DataSet: a long name wraps it."""
    from persist import DataSet

    name = "calibration_runs_of_the_north_detector"
    with DataSet(name, "w", path=tmp_path) as data:
        data.update({f"run_{i}": {"gain": 1.5 * i} for i in range(3)})
    files = sorted((tmp_path / name).rglob("*.py"))
    assert files
    for path in files:
        long = [line for line in path.read_text().splitlines() if len(line) > LINE]
        assert long == [], path
    assert persist.load(tmp_path / name / "run_2.py") == {"gain": 3.0}
    with DataSet(name, "r", path=tmp_path) as data:
        assert data.run_1 == {"gain": 1.5}


# a tuple key of 12 floats: 150 columns on one line
LONG_KEY = tuple(round(0.123456789 * i, 9) for i in range(12))


def long_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if len(line) > LINE]


def both_styles(items: dict[str, Any]) -> list[str]:
    texts = []
    for scoped in (False, True):
        archive = Archive(scoped=scoped)
        archive.insert(**items)
        texts.append(str(archive))
    return texts


def test_a_dict_key_too_long_for_its_line_is_exploded() -> None:
    names = tuple(f"parameter_number_{i}" for i in range(4))  # 88 columns
    items = {
        "x": {LONG_KEY: "v", (1, 2): [3], names: {"a": 1}},
        "y": {frozenset(range(40)): 1},
        "z": [{LONG_KEY: 1, (1,): 2}],
    }
    for text in both_styles(items):
        assert long_lines(text) == []
        assert "    (1, 2): [3],\n" in text  # a key that fits stays on its line
        assert "\n    ): 'v',\n" in text  # the value follows the key's bracket
        assert "\n    ): {'a': 1},\n" in text
        assert "\n    }): 1,\n" in text  # frozenset({ ... }): 1
        loaded = persist.loads(text)
        assert_same_structure(items, {k: loaded[k] for k in items})


def test_a_subscript_too_long_for_its_line_is_exploded() -> None:
    """An OrderedDict that holds itself is filled by ``x[key] = value``."""
    x: collections.OrderedDict[Any, Any] = collections.OrderedDict()
    x[LONG_KEY] = x
    x[1, 2] = [x]
    x[(3,)] = x
    x["s"] = x
    for text in both_styles({"x": x}):
        assert long_lines(text) == []
        assert "\nx[\n    0.0,\n" in text
        assert "\n] = x\n" in text
        for short in ("x[1, 2] = [x]\n", "x[(3,)] = x\n", "x['s'] = x\n"):
            assert short in text
        loaded = persist.loads(text)["x"]
        assert list(loaded) == list(x)
        assert loaded[LONG_KEY] is loaded


def test_a_key_is_exploded_when_the_value_after_it_would_not_fit() -> None:
    key = ("first_parameter", "second_parameter", "third_parameter")  # 4 + 63
    fits_after_bracket = "v" * 40  # 4 + 63 + 2 + 42 = 111 on one line
    too_long_anyway = "w" * 90  # a longer line whatever the key does
    empty_key = ("a" * 75,)  # 4 + 80 + len(": [],") = 89 columns
    items = {
        "x": {key: fits_after_bracket},
        "y": {key: too_long_anyway},
        "z": {empty_key: []},  # (nothing to break in an empty list either)
    }
    for text in both_styles(items):
        lines = text.splitlines()
        assert f"    ): '{fits_after_bracket}'," in lines
        assert f"    {key!r}: '{too_long_anyway}'," in lines  # no more lines for it
        assert "    ): []," in lines
        assert [line for line in long_lines(text) if too_long_anyway not in line] == []
        loaded = persist.loads(text)
        assert [loaded[k] for k in items] == list(items.values())

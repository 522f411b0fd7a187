"""DataSet with broken metadata or items: a broken metadata value, hand-written
metadata, a missing ``__init__.py`` and a corrupted item module or array file
each give a clear error naming what is broken, and spare the rest."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dataset_helpers import FORMATS, make, store_files
from persist import DataSet, DataSetError, LoadError


def test_a_broken_metadata_value_names_its_key_and_spares_the_others(
    tmp_path: Path,
) -> None:
    make(tmp_path)
    init = tmp_path / "ds" / "__init__.py"
    text = init.read_text()
    old = "_info_dict['x'] = 'A list with a small and large array'"
    assert old in text
    init.write_text(
        text.replace(
            old, "_info_dict['x'] = __import__('no_such_module_for_persist').info"
        )
    )
    ds = DataSet("ds", "r", path=tmp_path)
    with pytest.raises(DataSetError) as info:
        ds["x"]
    assert "'x'" in str(info.value) and "no_such_module_for_persist" in str(info.value)
    assert ds["a"] == "A small array" and ds["s"] == {"units": "m", "n": 3}
    assert "x" in ds and set(ds) == {"a", "x", "s"}
    check = ds.x  # the item itself still loads
    np.testing.assert_array_equal(check[1], np.arange(15))
    # writers can still work, and leave the broken value as it is
    writer = DataSet("ds", "a", path=tmp_path)
    writer.new = 1
    writer["a"] = "changed"
    assert ds["a"] == "changed" and ds.new == 1
    with pytest.raises(DataSetError, match="'x'"):
        ds["x"]
    assert "no_such_module_for_persist" in init.read_text()
    writer["x"] = "repaired"
    assert ds["x"] == "repaired"


def test_hand_written_metadata_without_blocks_still_opens(tmp_path: Path) -> None:
    make(tmp_path)
    init = tmp_path / "ds" / "__init__.py"
    init.write_text("_info_dict = dict(a='A', x=__import__('no_such_mod_zz').v)\n")
    ds = DataSet("ds", "r", path=tmp_path)
    np.testing.assert_array_equal(ds.a, np.arange(10))  # items still load
    with pytest.raises(LoadError) as info:
        ds["a"]
    assert "__init__.py" in str(info.value) and "no_such_mod_zz" in str(info.value)


@pytest.mark.parametrize("mode", ["r", "w", "a"])
def test_a_missing_init_is_an_error_never_an_empty_dataset(
    tmp_path: Path, mode: str
) -> None:
    make(tmp_path)
    open_one = DataSet("ds", "r", path=tmp_path)
    (tmp_path / "ds" / "__init__.py").unlink()
    items = {p: p.read_bytes() for p in (tmp_path / "ds").glob("*.py")}
    with pytest.raises(DataSetError, match="__init__.py") as info:
        DataSet("ds", mode, path=tmp_path)
    assert str(tmp_path / "ds") in str(info.value)
    for use in (lambda: list(open_one), lambda: open_one["a"], lambda: "a" in open_one):
        with pytest.raises(DataSetError, match="__init__.py"):
            use()
    assert not (tmp_path / "ds" / "__init__.py").exists()
    assert {p: p.read_bytes() for p in (tmp_path / "ds").glob("*.py")} == items


def _truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncate_empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "cut", [_truncate_half, _truncate_empty], ids=["half", "empty"]
)
@pytest.mark.parametrize("which", ["module", "array"])
def test_a_corrupted_item_is_a_clear_error_naming_it(
    tmp_path: Path,
    fmt: str,
    cut,
    which: str,  # type: ignore[no-untyped-def]
) -> None:
    make(tmp_path, fmt)
    d = tmp_path / "ds"
    target = d / "x.py" if which == "module" else store_files(d, "x")[-1]
    cut(target)
    ds = DataSet("ds", "r", path=tmp_path)
    with pytest.raises(LoadError) as info:
        ds.x  # noqa: B018
    assert str(target) in str(info.value)
    # the other items and all metadata are intact
    np.testing.assert_array_equal(ds.a, np.arange(10))
    np.testing.assert_array_equal(ds.s["big"], np.ones((4, 5)))
    assert ds["x"] == "A list with a small and large array"
    assert list(ds) == ["a", "x", "s"]
    # and rewriting the item repairs it
    DataSet("ds", "a", path=tmp_path, array_threshold=12, data_format=fmt).x = [7]
    assert ds.x == [7]


@pytest.mark.parametrize(
    ("broken", "error"),
    [("{'k': [1, 2]", "SyntaxError: '{' was never closed"), ("nope", "NameError")],
)
def test_a_broken_metadata_value_is_reported_at_its_line_of_the_file(
    tmp_path: Path, broken: str, error: str
) -> None:
    """Each block was compiled alone, under a made-up file name: a syntax
    error was reported at its line within the block, and without the path."""
    ds = DataSet("ds", "w", path=tmp_path)
    ds["a"], ds["b"], ds["c"] = 1, {"k": [1, 2]}, 3
    init = tmp_path / "ds" / "__init__.py"
    text = init.read_text()
    old = "_info_dict['b'] = {'k': [1, 2]}\n"
    line = text[: text.index(old)].count("\n") + 1
    init.write_text(text.replace(old, f"_info_dict['b'] = {broken}\n"))
    with pytest.raises(DataSetError) as info:
        DataSet("ds", "r", path=tmp_path)["b"]
    assert f"{init}:{line}: {error}" in str(info.value)

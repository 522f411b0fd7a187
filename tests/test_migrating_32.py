"""Code and files written for persist 3.2 work with this version
(docs/migrating.md).

The files under ``tests/data/persist32/`` were written once by persist 3.2.1
with ``tests/data/make_persist32.py`` (its docstring says how); CI has no 3.2.
Each test copies them, so nothing it does changes the committed files.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import persist
from persist.archive import DataSet

FIXTURES = Path(__file__).parent / "data" / "persist32"


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """A private copy of the persist 3.2 fixtures."""
    shutil.copytree(FIXTURES, tmp_path / "persist32")
    return tmp_path / "persist32"


# -- 1. single-item modules and DataSet items ------------------------------------------


@pytest.mark.parametrize("path", ["flat_item.py", "scoped_item.py", "item_package"])
def test_32_single_item_loads_as_the_object(old: Path, path: str) -> None:
    """3.2 ended these with ``import sys; sys.modules[__name__] = b``: the
    object, not ``{'b': ..., 'sys': ...}``, and nothing left in sys.modules."""
    before = set(sys.modules)
    assert persist.load(old / path) == [1, 2]
    assert set(sys.modules) - before == set()


def test_32_dataset_item_loads_as_the_object(old: Path) -> None:
    before = set(sys.modules)
    ds = DataSet("ds", "r", path=str(old))
    assert ds.x == [3, 4]
    assert ds.load("x") == [3, 4]
    assert ds["x"] == "info of x"
    assert set(sys.modules) - before == set()

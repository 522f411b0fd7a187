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
from persist.objects import Archivable

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


# -- 2. persist.objects.Archivable -----------------------------------------------------


class Hidden(Archivable):
    def __init__(self, a: int = 0, _hidden: int = 0) -> None:
        self.a = a
        self._hidden = _hidden


class Pair(Archivable):
    """The 3.2 docstring's example: ``items`` differs from the attributes."""

    def __init__(self, a: int, b: int) -> None:
        self.data = [a, b]

    def items(self) -> list[tuple[str, int]]:
        return list(zip(("a", "b"), self.data, strict=True))


def test_archivable_keeps_underscore_attributes() -> None:
    """3.2 wrote every attribute; dropping ``_hidden`` lost it silently."""
    again = persist.loads(persist.dumps(h=Hidden(1, _hidden=5)))["h"]
    assert (type(again), again.a, again._hidden) == (Hidden, 1, 5)


def test_archivable_32_methods() -> None:
    pair = Pair(1, 2)
    assert repr(pair) == str(pair) == "Pair(a=1, b=2)"
    assert list(pair) == ["a", "b"]
    namespace: dict[str, object] = {}
    exec(pair.archive("n"), namespace)
    restored = namespace["n"]
    assert isinstance(restored, Pair) and restored.data == [1, 2]

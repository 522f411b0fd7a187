"""Code and files written for persist 3.2 work with this version
(docs/migrating.md).

The files under ``tests/data/persist32/`` were written once by persist 3.2.1
with ``tests/data/make_persist32.py`` (its docstring says how); CI has no 3.2.
Each test copies them, so nothing it does changes the committed files.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import persist
from persist.archive import Archive, ArchiveError, DataSet
from persist.errors import InvalidNameError
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


# -- 3. Archive.save's 3.2 arguments ---------------------------------------------------


def test_save_takes_32_arguments_in_32_order(tmp_path: Path) -> None:
    """3.2: ``save(dirname, name, package, arrays_name, data_format, force,
    clear_on_reload)``; the last three no longer change anything."""
    archive = Archive(array_threshold=2)
    archive.insert(x=np.arange(5), y=1)
    module = archive.save(str(tmp_path), "m", False, "_arrays", "npy", True, False)
    assert module == tmp_path / "m.py"
    again = archive.save(
        str(tmp_path), "m", package=False, arrays_name="_data", force=False
    )
    loaded = persist.load(again)
    assert loaded["y"] == 1 and loaded["x"].tolist() == [0, 1, 2, 3, 4]


def test_save_data_format_in_arrays_name_place_is_explained(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="data_format='hdf5'"):
        Archive().save(str(tmp_path), "m", True, "hdf5")


def test_npz_is_refused_with_a_pointer_to_npy(tmp_path: Path) -> None:
    archive = Archive(array_threshold=2)
    archive.insert(x=np.arange(5))
    for write in (
        lambda: archive.save(str(tmp_path), "m", data_format="npz"),
        lambda: archive.save_data(str(tmp_path / "d"), data_format="npz"),
        lambda: DataSet("ds", "w", path=str(tmp_path), data_format="npz"),
    ):
        with pytest.raises(ArchiveError, match="use 'npy'"):
            write()


# -- 4. the exceptions 3.2 code catches ------------------------------------------------


def test_read_only_and_missing_datasets_raise_value_error(tmp_path: Path) -> None:
    DataSet("ds", "w", path=str(tmp_path))
    ds = DataSet("ds", "r", path=str(tmp_path))
    with pytest.raises(ValueError):
        ds.x = 1
    with pytest.raises(ValueError):
        ds["x"] = "info"
    with pytest.raises(ValueError):
        ds._insert([1], info="i")
    with pytest.raises(ValueError):
        DataSet("missing", "r", path=str(tmp_path))


def test_lock_timeout_is_an_os_error(tmp_path: Path) -> None:
    holder = DataSet("ds", "w", path=str(tmp_path), synchronize=False)
    try:
        with pytest.raises(OSError) as info:
            DataSet("ds", "w", path=str(tmp_path), synchronize=False, timeout=0.1)
        assert isinstance(info.value, TimeoutError)
        assert isinstance(info.value, persist.DataSetLockedError)
    finally:
        holder.close()


def test_save_without_a_name_raises_value_error(tmp_path: Path) -> None:
    archive = Archive()
    archive.insert(x=1)
    with pytest.raises(ValueError, match="needs a name"):
        archive.save(str(tmp_path))


# -- 5. DataSet._insert's 3.2 forms ----------------------------------------------------


def test_insert_32_forms(tmp_path: Path) -> None:
    """3.2: ``_insert(name=obj, info=info)`` or ``_insert(obj, info=info)``."""
    ds = DataSet("ds", "w", path=str(tmp_path))
    assert ds._insert(a=[1, 2], info="A") == ["a"]
    assert ds._insert(obj=[1], info="i") == ["obj"]
    assert ds._insert(name=[5]) == ["name"]  # no positional object: an item
    assert ds._insert([3], [4], info="two") == ["x_0", "x_1"]
    assert ds._insert([6], name="chosen") == ["chosen"]
    assert (ds.a, ds["a"], ds.obj, ds["obj"], ds.name) == ([1, 2], "A", [1], "i", [5])
    assert (ds.x_0, ds.x_1, ds["x_1"], ds.chosen) == ([3], [4], "two", [6])


# -- 6. items named like DataSet methods -----------------------------------------------


def test_32_items_named_like_methods(old: Path) -> None:
    """3.2 let items be called ``keys``, ``load``, ``update``, ``close``: the
    attributes stay methods, ``load`` reaches the items and ``update`` and
    ``_insert`` write them."""
    ds = DataSet("ds", "a", path=str(old))
    names = ("keys", "load", "update", "close")
    assert [ds.load(k) for k in names] == ["KEYS", "LOAD", "UPDATE", "CLOSE"]
    assert [ds[k] for k in names] == [None] * 4
    assert ds.keys() == ["x", *names]
    ds.update(keys=1, close=2)
    assert ds._insert(load=3, info="L") == ["load"]
    assert (ds.load("keys"), ds.load("close"), ds.load("load"), ds["load"]) == (
        1,
        2,
        3,
        "L",
    )
    with pytest.raises(ValueError, match="ds.update"):
        ds.keys = 4
    ds._close()  # 3.2's name of close()


# -- 7. small differences --------------------------------------------------------------


def test_archive_positional_arguments_keep_32_order() -> None:
    """3.2's first argument was ``flat``: ``Archive(True)`` must not be scoped."""
    archive = Archive(True, True, False, 10)
    assert (archive.flat, archive.scoped, archive.array_threshold) == (True, False, 10)


def test_insert_env_is_not_an_item() -> None:
    archive = Archive()
    archive.insert(env={"np": np}, x=1)  # 3.2's name-resolution mapping
    assert archive.names() == ["x"]
    with pytest.raises(InvalidNameError, match="'env' is reserved"):
        archive.insert(env=[1, 2])


def test_dataset_str_shows_the_joined_path(tmp_path: Path) -> None:
    DataSet("ds", "w", path=str(tmp_path))
    assert str(DataSet("ds", "r", path=str(tmp_path))).startswith(
        f"DataSet '{tmp_path}/ds' containing"
    )
    cwd = Path.cwd()
    try:
        os.chdir(tmp_path)
        assert str(DataSet("ds")) == "DataSet './ds' containing []"
    finally:
        os.chdir(cwd)


# -- 8. safe loading -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["plain", "flat_item.py", "scoped_item.py"])
def test_safe_refusal_of_32_archive_says_why(old: Path, path: str) -> None:
    """Safe loading takes only 4's archives; a 3.2 one is refused with a
    pointer to re-saving, and re-saved it loads safely."""
    with pytest.raises(persist.UnsafeArchiveError, match="written by persist 3.2"):
        persist.load(old / path, safe=True)
    again = Archive()
    loaded = persist.load(old / path)
    again.insert(**(loaded if isinstance(loaded, dict) else {"b": loaded}))
    saved = again.save(str(old), "resaved")
    assert persist.load(saved, safe=True) == (
        loaded if isinstance(loaded, dict) else {"b": loaded}
    )


def test_safe_refusal_of_4_archive_has_no_32_note(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import os\n")
    with pytest.raises(persist.UnsafeArchiveError) as info:
        persist.load(tmp_path / "m.py", safe=True)
    assert "3.2" not in str(info.value)

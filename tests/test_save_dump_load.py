"""``dump``, ``dumps``, ``load`` and ``loads``: round trips, external arrays,
the line cache after a successful and a failed load, and ``load`` leaving
``sys.modules`` and ``sys.path`` as they were."""

from __future__ import annotations

import linecache
import sys
import traceback
from pathlib import Path

import pytest

import persist
from diskutil import files
from persist import Archive
from save_helpers import FORMATS, layout_files, seed_objects
from structure import assert_same_structure


def test_dumps_and_loads_round_trip() -> None:
    text = persist.dumps(x=[1, 2], y={"a": 1}, z=(1.5, None))
    assert persist.loads(text) == {"x": [1, 2], "y": {"a": 1}, "z": (1.5, None)}
    text = persist.dumps(scoped=True, x=[1, 2])
    assert persist.loads(text) == {"x": [1, 2]}


def test_loads_takes_the_external_arrays() -> None:
    objects = seed_objects()
    archive = Archive(array_threshold=5)
    archive.insert(**objects)
    loaded = persist.loads(str(archive), arrays=archive.data)
    assert_same_structure(objects, loaded)


def test_loads_leaves_no_linecache_entry_after_success(tmp_path: Path) -> None:
    text = persist.dumps(x=list(range(10_000)), y="big")
    before = set(linecache.cache)
    assert persist.loads(text, filename="<big archive>")["y"] == "big"
    assert persist.loads(text)["y"] == "big"
    assert set(linecache.cache) <= before
    # an entry the name had before is left as it was
    theirs = (3, None, ["x\n"], "<theirs>")
    linecache.cache["<theirs>"] = theirs
    persist.loads(text, filename="<theirs>")
    assert linecache.cache.pop("<theirs>") is theirs
    # load() of a file too
    path = persist.dump(tmp_path / "a.py", x=[1, 2])
    assert persist.load(path) == {"x": [1, 2]}
    assert str(path) not in linecache.cache


def test_a_failed_load_keeps_its_lines_for_the_traceback() -> None:
    text = "x = 1\ny = x / 0\n"
    with pytest.raises(persist.LoadError) as info:
        persist.loads(text, filename="<failing archive>")
    assert "<failing archive>:2: ZeroDivisionError" in str(info.value)
    assert "y = x / 0" in str(info.value)
    cause = info.value.__cause__
    assert cause is not None
    shown = "".join(traceback.format_exception(cause))
    assert 'File "<failing archive>", line 2' in shown and "y = x / 0" in shown
    # only the last few failures keep theirs
    names = [f"<failing archive {i}>" for i in range(50)]
    for name in names:
        with pytest.raises(persist.LoadError):
            persist.loads(text, filename=name)
    kept = [name for name in names if name in linecache.cache]
    assert 0 < len(kept) < 10 and kept == names[-len(kept) :]
    assert "<failing archive>" not in linecache.cache


@pytest.mark.parametrize("data_format", FORMATS)
def test_dump_writes_a_module_or_a_package(tmp_path: Path, data_format: str) -> None:
    objects = seed_objects()
    module = persist.dump(
        tmp_path / "mod.py", array_threshold=5, data_format=data_format, **objects
    )
    package = persist.dump(
        tmp_path / "pkg", array_threshold=5, data_format=data_format, **objects
    )
    assert module == tmp_path / "mod.py"
    assert package == tmp_path / "pkg"
    assert files(tmp_path) == sorted(
        layout_files("mod", False, data_format, ["b_1", "x"])
        + layout_files("pkg", True, data_format, ["b_1", "x"])
    )
    for path in (module, tmp_path / "mod", package):
        assert_same_structure(objects, persist.load(path))


def test_load_leaves_sys_modules_alone(tmp_path: Path) -> None:
    objects = seed_objects()
    persist.dump(tmp_path / "warm", array_threshold=5, **objects)
    persist.dump(tmp_path / "pkgname", array_threshold=5, **objects)
    persist.dump(
        tmp_path / "modname.py", array_threshold=5, data_format="hdf5", **objects
    )
    persist.load(tmp_path / "warm")  # first use may import numpy/h5py internals
    persist.load(tmp_path / "warm", mmap=True)
    persist.dump(tmp_path / "warmh5", array_threshold=5, data_format="hdf5", **objects)
    persist.load(tmp_path / "warmh5")
    before = dict(sys.modules)
    path_before = list(sys.path)
    for path in (tmp_path / "pkgname", tmp_path / "modname.py"):
        for mmap in (False, True):
            loaded = persist.load(path, mmap=mmap)
            assert sorted(loaded) == ["a", "b", "x"]
    assert sys.modules == before
    assert sys.path == path_before
    assert "pkgname" not in sys.modules and "modname" not in sys.modules

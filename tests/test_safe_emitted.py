"""Safe loading (``persist.safe``): what the emitter writes passes.

Every kind of object the emitter writes, inline or external, flat or scoped,
loads with ``safe=True`` to the same objects, from text, from a saved module or
package and from a DataSet. Classes must be allowed (one by one or by module),
errors name the file, line and construct, and the array store is read without
pickles. The classes archived are in safe_cases.py.
"""

from __future__ import annotations

import collections
import datetime
import decimal
import fractions
import pathlib
import sys
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import persist
from persist import Archive, DataSet, LoadError, UnsafeArchiveError
from persist.safe import verify
from safe_cases import (
    ALLOW,
    MOD,
    Canary,
    Color,
    Evil,
    Guarded,
    MyDict,
    MyList,
    Outer,
    Pair,
    Perm,
    Plain,
    Point,
    Slotted,
    WithState,
    _Pickled,
)
from structure import assert_same_structure


def zoo() -> dict[str, Any]:
    """Objects of every allowed kind, with sharing and cycles."""
    loop: list[Any] = [1, 2]
    loop.append(loop)
    mine: dict[str, Any] = {"a": 1}
    mine["self"] = mine
    point = Point(1)
    point.y = point
    slotted = Slotted()
    slotted.p, slotted.q = 1, slotted
    guarded = Guarded()
    guarded.k = 5
    tagged = MyList([1, 2])
    tagged.tag = "x"  # type: ignore[attr-defined]
    own = MyDict(a=1)
    own["me"] = own
    objects = np.empty(2, dtype=object)
    objects[0], objects[1] = loop, objects
    big = np.arange(50.0).reshape(5, 10)
    return {
        "loop": loop,
        "mine": mine,
        "point": point,
        "pair": Pair(1, [2]),
        "plain": Plain(),
        "state": WithState(),
        "slotted": slotted,
        "guarded": guarded,
        "tagged": tagged,
        "own": own,
        "inner": Outer.Inner(),
        "colors": {Color.RED: [Color.GREEN, Perm.R | Perm.W]},
        "sets": [{1, (2, 3)}, frozenset({frozenset({2}), 1}), set(), frozenset()],
        "when": [
            datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
            datetime.datetime(
                2024, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
            ),
            datetime.date(2020, 1, 1),
            datetime.time(1, 2),
            datetime.timedelta(days=1, seconds=3),
        ],
        "numbers": [
            decimal.Decimal("1.10"),
            fractions.Fraction(1, 3),
            complex(float("nan"), -0.0),
        ],
        "more": [-float("inf"), 1 - 2j, -5, 2**5000, b"x", ..., None, uuid.UUID(int=5)],
        "uuid_made_safely": uuid.UUID(int=6, is_safe=uuid.SafeUUID.safe),
        "paths": [pathlib.PurePosixPath("/a/b"), pathlib.Path("x/y")],
        "collections": [
            collections.OrderedDict(a=1),
            collections.Counter("aab"),
            collections.deque([1, 2], maxlen=3),
            collections.defaultdict(list, {"a": [1]}),
            collections.UserDict(a=1),
        ],
        "arrays": [np.arange(5), np.asfortranarray(np.ones((2, 3))), np.zeros((0, 2))],
        "numpy": [
            np.float32(1.5),
            np.datetime64("2020-01-01", "D"),
            np.dtype("f4"),
            objects,
            np.clongdouble(1) / 3 - 2j,
            np.array([np.clongdouble(1) / 3, 1j], dtype=np.clongdouble),
        ],
        "record": np.zeros(2, dtype=[("a", "i4"), ("b", "f8")]),
        "builtins": [range(3), slice(1, 2), bytearray(b"ab"), int, list, object],
        "big": big,
        "again": big,
    }


STYLES = [pytest.param(False, id="flat"), pytest.param(True, id="scoped")]


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize("threshold", [None, 20], ids=["inline", "external"])
def test_every_kind_the_emitter_writes_loads_safely(
    scoped: bool, threshold: Any
) -> None:
    archive = Archive(scoped=scoped, array_threshold=threshold)
    archive.insert(**zoo())
    text = str(archive)
    expected = persist.loads(text, archive.data)
    loaded = persist.loads(text, archive.data, safe=True, allow=ALLOW)
    assert_same_structure(loaded, expected)
    assert_same_structure(loaded, zoo())


@pytest.mark.parametrize("scoped", STYLES)
def test_allow_modules_admits_every_class_of_a_module(scoped: bool) -> None:
    archive = Archive(scoped=scoped)
    archive.insert(**zoo())
    loaded = persist.loads(str(archive), safe=True, allow_modules=[MOD])
    assert_same_structure(loaded, zoo())


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize("package", [True, False], ids=["package", "module"])
@pytest.mark.parametrize("data_format", ["npy", "hdf5"])
def test_saved_archives_load_safely(
    tmp_path: Path, scoped: bool, package: bool, data_format: str
) -> None:
    archive = Archive(scoped=scoped, array_threshold=20)
    archive.insert(**zoo())
    path = archive.save(tmp_path, "saved", package=package, data_format=data_format)
    assert_same_structure(persist.load(path, safe=True, allow=ALLOW), zoo())
    mapped = persist.load(path, safe=True, allow=ALLOW, mmap=True)
    np.testing.assert_array_equal(mapped["big"], zoo()["big"])


@pytest.mark.parametrize("scoped", STYLES)
def test_single_item_archives_and_datasets_load_safely(
    tmp_path: Path, scoped: bool
) -> None:
    archive = Archive(scoped=scoped, single_item_mode=True, array_threshold=3)
    item = [np.arange(10), Point(1, [2])]
    archive.insert(item=item)
    path = archive.save(tmp_path, package=False)
    assert_same_structure(persist.load(path, safe=True, allow=[Point]), item)
    dataset = DataSet("ds", "w", path=tmp_path, array_threshold=3, scoped=scoped)
    dataset.x = item
    dataset["x"] = {"info": Point(1, 2), "when": datetime.date(2020, 1, 1)}
    cyclic: list[Any] = [1]
    cyclic.append(cyclic)
    dataset["y"] = cyclic
    assert_same_structure(
        persist.load(tmp_path / "ds" / "x.py", safe=True, allow=[Point]), item
    )
    metadata = persist.load(tmp_path / "ds", safe=True, allow=[Point])
    assert_same_structure(metadata["_info_dict"], {"x": dataset["x"], "y": cyclic})


def test_the_documented_shapes_pass_verify() -> None:
    text = f"""\
from {MOD} import Canary as _Canary
from {MOD} import Color as _Color
x = [1, 2]
x.append(x)
c = _Canary.__new__(_Canary)
c.a = 1
c.__setstate__({{'a': 2}})
c.__dict__.update({{'b': x}})
r = _Color.RED
harmless = __import__
"""
    with pytest.raises(
        UnsafeArchiveError, match=r"<archive>:10: .*the name '__import__'"
    ) as info:
        verify(text, allow=[Canary, Color])
    assert info.value.lineno == 10 and info.value.construct == "the name '__import__'"
    verify(text.replace("harmless = __import__\n", ""), allow=[Canary, Color])
    # an object array of allowed callables is harmless data
    verify("from numpy import array\nx = array([list, dict, int], dtype=object)")


def test_classes_must_be_allowed() -> None:
    archive = Archive()
    archive.insert(p=Point(1, 2), c=Color.RED)
    with pytest.raises(UnsafeArchiveError, match=f"import from module '{MOD}'"):
        persist.loads(str(archive), safe=True)
    with pytest.raises(UnsafeArchiveError, match="Color"):
        persist.loads(str(archive), safe=True, allow=[Point])
    assert (
        persist.loads(str(archive), safe=True, allow=[Point, Color])["c"] is Color.RED
    )


def test_load_names_the_file_line_and_construct(tmp_path: Path) -> None:
    path = tmp_path / "bad.py"
    path.write_text("x = 1\ny = [x]\nz = open('f')\n")
    with pytest.raises(UnsafeArchiveError) as info:
        persist.load(path, safe=True)
    error = info.value
    assert (error.filename, error.lineno) == (str(path), 3)
    assert "the name 'open'" in error.construct
    assert str(error).startswith(f"{path}:3: unsafe archive:")
    assert "z = open('f')" in str(error)
    path.write_text("x = (\n")
    with pytest.raises(LoadError, match="bad.py:1"):
        persist.load(path, safe=True)


def test_the_store_is_read_without_pickles(tmp_path: Path) -> None:
    archive = Archive(array_threshold=3)
    archive.insert(x=np.arange(10))
    path = archive.save(tmp_path, "pickled", package=False)
    Evil.mark = str(tmp_path / "pwned")
    payload = np.empty(1, dtype=object)
    payload[0] = _Pickled(Evil.mark)
    np.save(tmp_path / "pickled_arrays" / "x.npy", payload, allow_pickle=True)
    with pytest.raises(LoadError, match="cannot read array 'x'"):
        persist.load(path, safe=True)
    assert not Path(Evil.mark).exists()


def test_a_class_of_the_running_script_may_be_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A script's or a notebook's class lives in ``__main__``, already
    imported: ``allow=[Tag]`` admits it (refusing to import a package's
    ``__main__`` refused the script's too)."""
    import types

    script = types.ModuleType("__main__")

    class Tag:
        def __init__(self, label: str) -> None:
            self.label = label

    Tag.__module__ = "__main__"
    Tag.__qualname__ = "Tag"
    script.Tag = Tag  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "__main__", script)
    loaded = persist.loads(persist.dumps(x=Tag("a")), safe=True, allow=[Tag])["x"]
    assert type(loaded) is Tag and loaded.label == "a"

"""DataSet names: invalid keys and DataSet names are refused and write nothing,
a keyword with an underscore is a fine key, an item named like a method is not
silently shadowed, and a key in another script than ASCII works as any other."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

import persist
from dataset_helpers import FORMATS, fresh_python, make, snapshot
from persist import DataSet, InvalidNameError
from persist.store.generations import RETIRED_GRACE

# 'ﬁle' (a ligature) is an identifier that Python reads as 'file'
BAD_KEYS = ["1x", "class", "x-y", "x y", "", "_x", "__init__", "\ufb01le"]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_invalid_keys_are_refused_and_write_nothing(tmp_path: Path, key: str) -> None:
    make(tmp_path)
    ds = DataSet("ds", "a", path=tmp_path)
    before = snapshot(tmp_path / "ds")
    with pytest.raises((InvalidNameError, AttributeError)) as info:
        ds[key] = "info"
    assert repr(key) in str(info.value)
    with pytest.raises((InvalidNameError, AttributeError)) as info:
        setattr(ds, key, 1)
    assert repr(key) in str(info.value)
    with pytest.raises((InvalidNameError, AttributeError)):
        ds.update({"fine": 1, key: 2})
    with pytest.raises((InvalidNameError, AttributeError)):
        ds._insert(1, name=key)
    after = snapshot(tmp_path / "ds")
    for lock in (".persist.lock", ".persist.lock.owner"):  # taking a lock is fine
        before.pop(lock, None)
        after.pop(lock, None)
    assert after == before


def test_keyword_with_underscore_is_a_fine_key(tmp_path: Path) -> None:
    ds = DataSet("ds", "w", path=tmp_path)
    ds.class_ = "ok"
    ds["class_"] = "info"
    assert ds.class_ == "ok" and ds["class_"] == "info"
    out = fresh_python(
        f"""
        sys.path.insert(0, {str(tmp_path)!r})
        import ds.class_
        print(ds.class_)
        """
    )
    assert out == "ok\n"


@pytest.mark.parametrize("name", ["keys", "load", "update", "close"])
def test_an_item_named_like_a_method_is_not_silently_shadowed(
    tmp_path: Path, name: str
) -> None:
    ds = DataSet("ds", "w", path=tmp_path)
    try:
        setattr(ds, name, 5)
    except InvalidNameError as exc:  # refused: fine, if it says why
        assert repr(name) in str(exc)
        assert not (tmp_path / "ds" / f"{name}.py").exists()
    else:  # accepted: then ds.<name> must give it back
        assert getattr(ds, name) == 5
    ds.update({name: 6})  # always possible, read back with load()
    assert ds.load(name) == 6


@pytest.mark.parametrize("name", ["1ds", "my-ds", "class", "", "a.b", "\ufb01le"])
def test_invalid_dataset_names_are_refused(tmp_path: Path, name: str) -> None:
    for mode in "rwa":
        with pytest.raises(InvalidNameError) as info:
            DataSet(name, mode, path=tmp_path)
        assert repr(name) in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_non_ascii_key_with_arrays_loads_and_keeps_its_previous_arrays(
    tmp_path: Path, fmt: str
) -> None:
    ds = DataSet("ds", "w", path=tmp_path, array_threshold=5, data_format=fmt)
    for n in range(3):
        ds.update(café=np.full(10, n))
        if n == 1:  # the first generation was retired long ago, the second now
            old = time.time() - RETIRED_GRACE - 1
            for generation in (tmp_path / "ds" / "café_data").iterdir():
                os.utime(generation, (old, old))
    np.testing.assert_array_equal(ds.load("café"), np.full(10, 2))
    module = tmp_path / "ds" / "café.py"
    np.testing.assert_array_equal(persist.load(module, safe=True), np.full(10, 2))
    # the generation the previous module read stays (for readers that read it)
    assert len(list((tmp_path / "ds" / "café_data").iterdir())) == 2


def test_a_key_too_long_for_file_names_is_refused_before_writing(
    tmp_path: Path,
) -> None:
    """The name a key always gives is its module's temporary file,
    ``.<key>.py.<8 random letters>.tmp``: 17 bytes more than the key. The
    item's array files are named after it too."""
    ds = DataSet("ds", "w", path=tmp_path, array_threshold=5, backup_data=True)
    room = os.pathconf(tmp_path, "PC_NAME_MAX") - 17
    longest = "k" * room
    for n in range(2):  # written again: a backup, a retired generation
        ds.update({longest: [np.full(10, n), np.full(12, n)]})
    ds[longest] = "info"
    assert ds.load(longest)[1].tolist() == [1] * 12 and ds[longest] == "info"
    before = snapshot(tmp_path / "ds")
    # one byte more; fewer letters, but two bytes each in UTF-8
    for key in ("k" * (room + 1), "é" * (room // 2 + 1)):
        with pytest.raises(InvalidNameError, match="too long"):
            ds.update({key: 1})
        with pytest.raises(InvalidNameError, match="too long"):
            ds[key] = "info"
        with pytest.raises(InvalidNameError, match="too long"):
            ds._insert(1, name=key)
    # an array alone is stored under a longer name than the module's:
    # '.<key>.npy.<random>.tmp' at least
    with pytest.raises(InvalidNameError, match="too long"):
        ds.update({longest: np.arange(10)})
    # no item has a name too long for a file: asking for one finds none
    far_too_long = "k" * (room + 300)
    with pytest.raises(AttributeError, match="has no item"):
        ds.load(far_too_long)
    assert not hasattr(ds, far_too_long)
    after = snapshot(tmp_path / "ds")
    for lock in (".persist.lock", ".persist.lock.owner"):  # taking a lock is fine
        before.pop(lock, None)
        after.pop(lock, None)
    assert after == before

"""An archive's HDF5 file holds its arrays' data itself. HDF5 can also point
elsewhere (external raw storage, a link to another file, a virtual dataset);
persist never writes those, and loading refuses them, so that a received
archive cannot make ``persist.load`` read another file of the reader's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

import persist
from persist import Archive, LoadError

SECRET = b"the reader's private file, 40 bytes long"


def _external(file: Any, secret: Path) -> None:
    file.create_dataset("a", shape=(40,), dtype="u1", external=[(str(secret), 0, 40)])


def _external_link(file: Any, secret: Path) -> None:
    other = secret.with_suffix(".h5")
    with h5py.File(other, "w") as elsewhere:
        elsewhere["a"] = np.frombuffer(SECRET, dtype="u1")
    file["a"] = h5py.ExternalLink(str(other), "a")


def _virtual(file: Any, secret: Path) -> None:
    other = secret.with_suffix(".h5")
    with h5py.File(other, "w") as elsewhere:
        elsewhere["a"] = np.frombuffer(SECRET, dtype="u1")
    layout = h5py.VirtualLayout(shape=(40,), dtype="u1")
    layout[:] = h5py.VirtualSource(str(other), "a", shape=(40,))
    file.create_virtual_dataset("a", layout)


def _soft_link(file: Any, secret: Path) -> None:
    file["b"] = np.frombuffer(SECRET, dtype="u1")
    file["a"] = h5py.SoftLink("/b")


def _group(file: Any, secret: Path) -> None:
    file.create_group("a")


CASES: dict[str, Callable[[Any, Path], None]] = {
    "external-storage": _external,
    "external-link": _external_link,
    "virtual": _virtual,
    "soft-link": _soft_link,
    "group": _group,
}


@pytest.mark.parametrize("mmap", [False, True], ids=["read", "mmap"])
@pytest.mark.parametrize("safe", [False, True], ids=["trusted", "safe"])
@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_an_array_stored_elsewhere_is_not_read(
    tmp_path: Path, make: Callable[[Any, Path], None], safe: bool, mmap: bool
) -> None:
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    (tmp_path / "arch.py").write_text("a = _arrays['a']\n")
    with h5py.File(tmp_path / "arch_arrays.h5", "w") as file:
        make(file, secret)
    with pytest.raises(LoadError, match="'a' is not data in this file"):
        persist.load(tmp_path / "arch.py", safe=safe, mmap=mmap)


@pytest.mark.parametrize("mmap", [False, True], ids=["read", "mmap"])
def test_the_arrays_persist_writes_are_read(tmp_path: Path, mmap: bool) -> None:
    archive = Archive(array_threshold=3)
    archive.insert(a=np.arange(10.0), b=np.arange(12).reshape(3, 4).T)
    path = archive.save(tmp_path, "arch", package=False, data_format="hdf5")
    loaded = persist.load(path, safe=True, mmap=mmap)
    assert np.array_equal(loaded["a"], np.arange(10.0))
    assert np.array_equal(loaded["b"], np.arange(12).reshape(3, 4).T)

"""``durable=False`` saves: no fsync, the same files, and nothing else changed.

A durable save (the default) fsyncs each file it writes, and the directories
it renames into, before the archive counts as saved; ``durable=False`` skips
those waits and nothing else. The choice holds for one call only, and only in
the thread that made it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import persist
from diskutil import snapshot
from persist import Archive, ArchiveError
from persist.store import atomic

FORMATS = ["npy", "hdf5"]


def archive(version: int = 1) -> Archive:
    result = Archive(array_threshold=5)
    result.insert(a=version, x=np.arange(100.0) * version, b=[np.arange(50) * version])
    return result


class Fsyncs:
    """``os.fsync`` that counts its calls on files and on directories."""

    def __init__(self) -> None:
        self.files = 0
        self.directories = 0
        self.real = os.fsync

    def __call__(self, fd: int) -> None:
        if os.path.isdir(os.readlink(f"/proc/self/fd/{fd}")):
            self.directories += 1
        else:
            self.files += 1
        self.real(fd)


def count_fsyncs(action: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> Fsyncs:
    counter = Fsyncs()
    monkeypatch.setattr(os, "fsync", counter)
    try:
        action()
    finally:
        monkeypatch.setattr(os, "fsync", counter.real)
    return counter


def contents(root: Path) -> dict[str, bytes]:
    """Relative path -> bytes of each file under ``root``, bytecode caches
    left out (they hold the module's full path)."""
    return {
        name: entry.data
        for name, entry in snapshot(root, pycache=False).items()
        if entry.kind == "file"
    }


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", [True, False], ids=["package", "module"])
def test_a_save_that_is_not_durable_writes_the_same_files_without_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package: bool, data_format: str
) -> None:
    """The first save and a save over it (new data, so every file changes):
    the durable one fsyncs files and directories, the other none, and the two
    leave the same files, which load back the same."""
    trees = {}
    for durable in (True, False):
        root = tmp_path / str(durable)
        root.mkdir()
        for version in (1, 2):
            counts = count_fsyncs(
                lambda d=durable, v=version, r=root: archive(v).save(
                    r, "m", package=package, data_format=data_format, durable=d
                ),
                monkeypatch,
            )
            if durable:
                assert counts.files >= 2 and counts.directories >= 1
            else:
                assert (counts.files, counts.directories) == (0, 0)
        trees[durable] = contents(root)
        loaded = persist.load(root / ("m" if package else "m.py"))
        assert loaded["a"] == 2 and np.array_equal(loaded["x"], np.arange(100.0) * 2)
    assert trees[True] == trees[False]
    assert not [name for name in trees[False] if name.endswith(".tmp")]


@pytest.mark.parametrize("data_format", FORMATS)
def test_save_data_that_is_not_durable_skips_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_format: str
) -> None:
    made = {}
    for durable in (True, False):
        saved: list[Path | None] = []
        counts = count_fsyncs(
            lambda d=durable, out=saved: out.append(
                archive().save_data(
                    tmp_path / f"data_{d}", data_format=data_format, durable=d
                )
            ),
            monkeypatch,
        )
        assert (counts.files > 0) is durable
        assert saved[0] is not None
        made[durable] = saved[0]
    if data_format == "npy":
        assert contents(made[True]) == contents(made[False])
    else:
        assert made[True].read_bytes() == made[False].read_bytes()


def test_the_next_save_is_durable_again_even_after_a_failed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save with ``durable=False`` that fails midway (its array file cannot
    be written) leaves the default as it was: the next write that does not
    choose (a DataSet's) fsyncs, and so does the next save."""
    real_writer = atomic.write_stream

    def failing(path: Path, write: Callable[[Any], None]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("persist.store.arrays.write_stream", failing)
    with pytest.raises(ArchiveError, match="No space left"):
        archive().save(tmp_path, "m", durable=False)
    monkeypatch.setattr("persist.store.arrays.write_stream", real_writer)
    counts = count_fsyncs(
        lambda: atomic.write_bytes(tmp_path / "other", b"data"), monkeypatch
    )
    assert (counts.files, counts.directories) == (1, 1)
    counts = count_fsyncs(lambda: archive().save(tmp_path, "m"), monkeypatch)
    assert counts.files >= 2 and counts.directories >= 1


def test_the_choice_stays_in_its_own_thread() -> None:
    """While one thread writes without fsync, another still fsyncs."""
    inside = threading.Event()
    release = threading.Event()
    seen: list[bool] = []

    def careless() -> None:
        with atomic.durability(False):
            seen.append(atomic._DURABLE.get())
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=careless)
    thread.start()
    try:
        assert inside.wait(10)
        seen.append(atomic._DURABLE.get())
    finally:
        release.set()
        thread.join()
    assert seen == [False, True]
    assert atomic._DURABLE.get() is True

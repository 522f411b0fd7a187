"""Bad input when saving and loading: every failure is a ``persist.ArchiveError``
(``LoadError`` when reading) whose message names the file (and line, for text),
and whatever was on disk before is left exactly as it was.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import persist
from diskutil import snapshot
from persist import Archive, ArchiveError, LoadError
from structure import assert_same_structure

FORMATS = ["npy", "hdf5"]
LAYOUTS = [pytest.param(True, id="package"), pytest.param(False, id="module")]


def objects(version: int = 1) -> dict[str, Any]:
    return {
        "a": version,
        "x": np.arange(100) * version,
        "b": [np.arange(200.0) * version, {"k": "v"}],
    }


def archive(version: int = 1, **options: Any) -> Archive:
    result = Archive(array_threshold=5, **options)
    result.insert(**objects(version))
    return result


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    """A directory holding earlier archives in every layout and format, and a
    regular file, so that failures can be checked to leave them untouched."""
    for package in (True, False):
        for data_format in FORMATS:
            name = f"{'pkg' if package else 'mod'}_{data_format}"
            archive(backup_data=False).save(
                tmp_path, name, package=package, data_format=data_format
            )
    archive().save_data(tmp_path / "data", data_format="npy")
    (tmp_path / "file").write_text("a regular file")
    return tmp_path


def raises_and_keeps(
    root: Path, action: Callable[[], Any], error: type[Exception] = ArchiveError
) -> Exception:
    """``action()`` raises ``error`` and leaves every byte, inode and mtime under
    ``root`` as it was."""
    before = snapshot(root)
    with pytest.raises(error) as info:
        action()
    assert snapshot(root) == before
    return info.value


# -- saving ----------------------------------------------------------------------


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_saving_under_a_regular_file_fails_cleanly(
    existing: Path, package: bool, data_format: str
) -> None:
    # we run as root, so permissions block nothing: a path through a regular
    # file cannot be written by anyone
    for where in (existing / "file", existing / "file" / "sub"):
        err = raises_and_keeps(
            existing,
            lambda w=where: archive().save(
                w, "m", package=package, data_format=data_format
            ),
        )
        assert str(existing / "file") in str(err)


@pytest.mark.parametrize("data_format", FORMATS)
def test_save_data_under_a_regular_file_fails_cleanly(
    existing: Path, data_format: str
) -> None:
    target = existing / "file" / "arrays"
    err = raises_and_keeps(
        existing, lambda: archive().save_data(target, data_format=data_format)
    )
    assert str(existing / "file") in str(err)


@pytest.mark.parametrize("path", ["file/m.py", "file/m", "file/sub/m"])
def test_dump_under_a_regular_file_fails_cleanly(existing: Path, path: str) -> None:
    err = raises_and_keeps(
        existing, lambda: persist.dump(existing / path, array_threshold=5, **objects())
    )
    assert str(existing / "file") in str(err)


def test_package_is_not_written_over_a_regular_file(existing: Path) -> None:
    for action in (
        lambda: archive().save(existing, "file", package=True),
        lambda: persist.dump(existing / "file", a=1),
    ):
        err = raises_and_keeps(existing, action)
        assert str(existing / "file") in str(err)


@pytest.mark.parametrize(
    "name", ["m-1", "1m", "class", "", "m.py", "a b", "é-x", "\ufb01le", "\u00b5"]
)
@pytest.mark.parametrize("package", LAYOUTS)
def test_module_name_must_be_an_identifier(
    existing: Path, package: bool, name: str
) -> None:
    err = raises_and_keeps(
        existing, lambda: archive().save(existing, name, package=package)
    )
    assert isinstance(err, persist.InvalidNameError)
    assert repr(name) in str(err)
    assert str(existing / name) in str(err)


@pytest.mark.parametrize("path", ["1m.py", "my-archive", "class.py", "\ufb01le.py"])
def test_dump_refuses_a_non_identifier_name(existing: Path, path: str) -> None:
    err = raises_and_keeps(existing, lambda: persist.dump(existing / path, a=1))
    assert isinstance(err, persist.InvalidNameError)


@pytest.mark.parametrize("package", LAYOUTS)
def test_unknown_data_format_is_refused_before_writing(
    existing: Path, package: bool
) -> None:
    for name in ("pkg_npy", "mod_npy", "new"):
        err = raises_and_keeps(
            existing,
            lambda n=name: archive(2).save(
                existing, n, package=package, data_format="zip"
            ),
        )
        assert "'zip'" in str(err) and str(existing / name) in str(err)
    err = raises_and_keeps(
        existing, lambda: archive(2).save_data(existing / "data", data_format="npz")
    )
    assert "'npz'" in str(err) and str(existing / "data") in str(err)
    # refused even when there are no arrays to write
    empty = Archive()
    empty.insert(a=1)
    err = raises_and_keeps(
        existing, lambda: empty.save_data(existing / "data", data_format="npz")
    )
    assert "'npz'" in str(err)
    err = raises_and_keeps(
        existing, lambda: persist.dump(existing / "pkg_npy", data_format="HDF5", a=1)
    )
    assert "'HDF5'" in str(err) and str(existing / "pkg_npy") in str(err)


@pytest.mark.parametrize("package", LAYOUTS)
def test_hdf5_without_h5py_is_refused_before_writing(
    existing: Path, package: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "h5py", None)  # `import h5py` now fails
    name = "pkg_hdf5" if package else "mod_hdf5"
    for target in (name, "new"):
        err = raises_and_keeps(
            existing,
            lambda t=target: archive(2).save(
                existing, t, package=package, data_format="hdf5"
            ),
        )
        assert "h5py" in str(err) and str(existing / target) in str(err)
    err = raises_and_keeps(
        existing, lambda: archive(2).save_data(existing / "data", data_format="hdf5")
    )
    assert "h5py" in str(err) and str(existing / "data") in str(err)


def test_unarchivable_object_is_refused_before_writing(existing: Path) -> None:
    import threading

    for package in (True, False):
        bad = Archive(array_threshold=5)
        bad.insert(a=1, x=np.arange(10), lock=threading.Lock())
        err = raises_and_keeps(
            existing,
            lambda b=bad, p=package: b.save(existing, "pkg_npy", package=p),
        )
        assert isinstance(err, persist.UnarchivableError)


class DiskFull:
    """``os.fsync`` that fails with ENOSPC on its ``n``-th call on a file."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.calls = 0
        self.real = os.fsync

    def __call__(self, fd: int) -> None:
        if not os.path.isdir(os.readlink(f"/proc/self/fd/{fd}")):
            self.calls += 1
            if self.calls == self.n:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.real(fd)


def _count_file_fsyncs(
    action: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> int:
    counter = DiskFull(0)
    monkeypatch.setattr(os, "fsync", counter)
    action()
    monkeypatch.setattr(os, "fsync", counter.real)
    return counter.calls


@pytest.mark.parametrize("data_format", FORMATS)
def test_a_failing_write_leaves_the_package_as_it_was(
    tmp_path: Path, data_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up at each write in turn: the save fails with an
    ArchiveError naming the archive, and the old package, its backup and the
    directory are exactly as before (no temporary files, no twin)."""

    def first() -> Any:
        return archive(1).save(tmp_path, "m", data_format=data_format)

    def second() -> Any:
        return archive(2).save(tmp_path, "m", data_format=data_format)

    first()
    probe = tmp_path / "probe"
    probe.mkdir()
    writes = _count_file_fsyncs(
        lambda: archive(2).save(probe, "m", data_format=data_format), monkeypatch
    )
    assert writes >= 2 if data_format == "npy" else writes >= 1
    for n in range(1, writes + 1):
        monkeypatch.setattr(os, "fsync", DiskFull(n))
        err = raises_and_keeps(tmp_path, second)
        assert str(tmp_path / "m") in str(err)
        assert "No space left" in str(err)
    monkeypatch.undo()
    assert_same_structure(objects(1), persist.load(tmp_path / "m"))
    second()
    assert_same_structure(objects(2), persist.load(tmp_path / "m"))


@pytest.mark.parametrize("data_format", FORMATS)
def test_a_failing_write_leaves_each_module_file_old_or_new(
    tmp_path: Path, data_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The module layout is atomic per file only: after a failed save every
    file is its old or its new version, nothing temporary is left, and the
    archive still loads, each value old or new."""
    (tmp_path / "probe").mkdir()
    archive(2).save(tmp_path / "probe", "m", package=False, data_format=data_format)
    new = snapshot(tmp_path / "probe", pycache=False)
    writes = _count_file_fsyncs(
        lambda: archive(3).save(
            tmp_path / "probe", "m", package=False, data_format=data_format
        ),
        monkeypatch,
    )
    root = tmp_path / "live"
    for n in range(1, writes + 1):
        archive(1).save(root, "m", package=False, data_format=data_format)
        old = snapshot(root, pycache=False)
        monkeypatch.setattr(os, "fsync", DiskFull(n))
        with pytest.raises(ArchiveError, match="No space left"):
            archive(2, backup_data=False).save(
                root, "m", package=False, data_format=data_format
            )
        monkeypatch.setattr(os, "fsync", DiskFull(0).real)
        now = snapshot(root, pycache=False)
        for path, entry in now.items():
            if entry.kind == "file":
                assert entry.data in (
                    old.get(path, entry).data,
                    new.get(path, entry).data,
                ), path
                assert path in old or path in new, f"left behind: {path}"
        loaded = persist.load(root / "m.py")
        for name, value in loaded.items():
            candidates = [objects(1)[name], objects(2)[name]]
            assert any(_same(value, c) for c in candidates), name
        monkeypatch.undo()


def _same(a: Any, b: Any) -> bool:
    try:
        assert_same_structure(b, a)
    except AssertionError:
        return False
    return True


# -- loading ---------------------------------------------------------------------


def _corruptions(data: bytes) -> dict[str, bytes]:
    return {
        "truncated": data[: len(data) // 2],
        "header only": data[:64],
        "zeroed": b"\0" * len(data),
        "garbage": bytes(range(256)) * (len(data) // 256 + 1),
        "empty": b"",
    }


@pytest.mark.parametrize("mmap", [False, True], ids=["read", "mmap"])
@pytest.mark.parametrize("package", LAYOUTS)
def test_corrupted_npy_raises_load_error_naming_the_file(
    tmp_path: Path, package: bool, mmap: bool
) -> None:
    path = archive().save(tmp_path, "m", package=package)
    store = tmp_path / ("m/_arrays" if package else "m_arrays")
    victim = store / "b_0.npy"
    good = victim.read_bytes()
    for label, data in _corruptions(good).items():
        victim.write_bytes(data)
        err = raises_and_keeps(
            tmp_path, lambda: persist.load(path, mmap=mmap), LoadError
        )
        assert str(victim) in str(err), label
    victim.unlink()
    err = raises_and_keeps(tmp_path, lambda: persist.load(path, mmap=mmap), LoadError)
    assert str(victim) in str(err)


@pytest.mark.parametrize("mmap", [False, True], ids=["read", "mmap"])
@pytest.mark.parametrize("package", LAYOUTS)
def test_corrupted_hdf5_raises_load_error_naming_the_file(
    tmp_path: Path, package: bool, mmap: bool
) -> None:
    path = archive().save(tmp_path, "m", package=package, data_format="hdf5")
    victim = tmp_path / ("m/_arrays.h5" if package else "m_arrays.h5")
    good = victim.read_bytes()
    for label, data in _corruptions(good).items():
        victim.write_bytes(data)
        err = raises_and_keeps(
            tmp_path, lambda: persist.load(path, mmap=mmap), LoadError
        )
        assert str(victim) in str(err), label


def test_hdf5_archive_without_h5py_raises_load_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = archive().save(tmp_path, "m", data_format="hdf5")
    monkeypatch.setitem(sys.modules, "h5py", None)
    err = raises_and_keeps(tmp_path, lambda: persist.load(path), LoadError)
    assert str(path) in str(err) and "h5py" in str(err)


_EDITS = [
    # (replace this, with that, error text expected)
    ("a = 1\n", "a = (1,\n", "never closed"),
    ("a = 1\n", "a = 1 +\n", "invalid syntax"),
    ("a = 1\n", "a = 1\n  b = 2\n", "indent"),
    ("a = 1\n", "a = undefined_name\n", "NameError"),
    ("a = 1\n", "a = 1 / 0\n", "ZeroDivisionError"),
]


@pytest.mark.parametrize("edit", _EDITS, ids=[e[2] for e in _EDITS])
@pytest.mark.parametrize("package", LAYOUTS)
def test_hand_edit_error_raises_load_error_with_file_and_line(
    tmp_path: Path, package: bool, edit: tuple[str, str, str]
) -> None:
    path = archive().save(tmp_path, "m", package=package)
    module = path / "__init__.py" if package else path
    text = module.read_text()
    old, new, expected = edit
    assert old in text
    module.write_text(text.replace(old, new, 1))
    line = text[: text.index(old)].count("\n") + 1
    err = raises_and_keeps(tmp_path, lambda: persist.load(path), LoadError)
    assert isinstance(err, LoadError)
    assert f"{module}:{err.lineno}" in str(err)
    assert err.lineno in (line, line + 1), (err.lineno, line)
    assert err.filename == str(module)
    assert expected.lower() in str(err).lower()


@pytest.mark.parametrize("text", ["x = (1,\n", "x = [\n 1,\n 2\n"])
def test_loads_syntax_error_names_the_line(text: str) -> None:
    with pytest.raises(LoadError) as info:
        persist.loads(text)
    assert info.value.lineno == 1
    assert "<archive>:1" in str(info.value)


def test_loading_a_missing_archive_raises_load_error(tmp_path: Path) -> None:
    for path in (tmp_path / "nothing", tmp_path / "nothing.py"):
        err = raises_and_keeps(tmp_path, lambda p=path: persist.load(p), LoadError)
        assert str(path) in str(err)
    (tmp_path / "empty_dir").mkdir()
    err = raises_and_keeps(
        tmp_path, lambda: persist.load(tmp_path / "empty_dir"), LoadError
    )
    assert str(tmp_path / "empty_dir") in str(err)


def test_undecodable_archive_raises_load_error(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_bytes(b"a = '\xff\xfe'\n")
    err = raises_and_keeps(tmp_path, lambda: persist.load(tmp_path / "m.py"), LoadError)
    assert str(tmp_path / "m.py") in str(err)


@pytest.mark.parametrize(
    ("names", "read_as"),
    [({"\ufb01t": 3, "fit": 4}, "fit"), ({"\u00b5": 1, "\u03bc": 2}, "\u03bc")],
    ids=["ligature", "micro_sign"],
)
def test_names_python_reads_as_another_are_refused(
    names: dict[str, int], read_as: str
) -> None:
    """Python reads identifiers in NFKC normal form: two such names became
    one (``fit``), the value of one of them lost."""
    for call in (lambda: persist.dumps(**names), lambda: archive().insert(**names)):
        with pytest.raises(persist.InvalidNameError, match=f"read as {read_as!r}"):
            call()

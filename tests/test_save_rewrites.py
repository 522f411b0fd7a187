"""Saving over an archive: an unchanged save touches nothing, every file is
written to a temporary name, fsynced and renamed into place, a package is
replaced as a whole (keeping the files the user added), backups, switching the
array format, and 0-d arrays in hdf5."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import persist
from diskutil import files, fresh_python, snapshot
from persist import Archive
from save_helpers import FORMATS, LAYOUTS, import_fresh, layout_files, save, zoo_objects
from structure import assert_same_structure


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_resaving_unchanged_archive_touches_nothing(
    tmp_path: Path, package: bool, data_format: str
) -> None:
    kw = dict(package=package, data_format=data_format, array_threshold=1)
    save(zoo_objects(), tmp_path, "m", **kw)
    before = snapshot(tmp_path)
    for backup in (True, False):
        save(zoo_objects(), tmp_path, "m", backup_data=backup, **kw)
        assert snapshot(tmp_path) == before  # same bytes, inodes and mtimes


@pytest.mark.parametrize("package", LAYOUTS)
def test_unchanged_text_is_kept_when_only_arrays_change(
    tmp_path: Path, package: bool
) -> None:
    x = np.arange(10)
    save({"x": x}, tmp_path, "m", package=package, backup_data=False)
    module = "m/__init__.py" if package else "m.py"
    before = snapshot(tmp_path)
    save({"x": x + 1}, tmp_path, "m", package=package, backup_data=False)
    after = snapshot(tmp_path)
    assert after[module] == before[module]


# Runs in a fresh interpreter: saves version 1, then version 2 (text and one
# array changed), recording every file opened for writing, every rename and
# every fsync (as paths), and prints the events of each save as JSON.
_TRACE_SAVES = """
import json, os, sys
import numpy as np
from persist import Archive

events = []
recording = False

def hook(event, args):
    if not recording:
        return
    if event == 'open':
        path, mode, flags = args
        if isinstance(path, int) or path is None:
            return
        writing = (mode is not None and any(c in mode for c in 'wax+')) or (
            mode is None and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if writing:
            events.append(['open', os.path.abspath(os.fsdecode(path))])
    elif event == 'os.rename':
        src, dst = (os.path.abspath(os.fsdecode(a)) for a in args[:2])
        events.append(['rename', src, dst])

sys.addaudithook(hook)
real_fsync = os.fsync
def fsync(fd):
    if recording:
        events.append(['fsync', os.readlink(f'/proc/self/fd/{{fd}}')])
    return real_fsync(fd)
os.fsync = fsync

def save(version):
    x = np.arange(1000) + version
    archive = Archive(array_threshold=5, backup_data={backup})
    archive.insert(a=version, x=x, y=[np.arange(2000)])
    archive.save({directory!r}, 'm', package={package}, data_format={fmt!r})

out = []
for version in (1, 2):
    events.clear()
    recording = True
    save(version)
    recording = False
    out.append(list(events))
print(json.dumps(out))
"""


@pytest.mark.parametrize("backup", [True, False])
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_every_file_is_written_to_a_temporary_name_fsynced_and_replaced(
    tmp_path: Path, package: bool, data_format: str, backup: bool
) -> None:
    code = _TRACE_SAVES.format(
        directory=str(tmp_path), package=package, fmt=data_format, backup=backup
    )
    saves = json.loads(fresh_python(code, block_persist=False).stdout)
    target = str(tmp_path / "m")
    final_files = {str(tmp_path / p) for p in files(tmp_path, pycache=True)}
    for events in saves:
        opened = [e[1] for e in events if e[0] == "open"]
        assert opened, events
        for i, event in enumerate(events):
            if event[0] != "open":
                continue
            path = event[1]
            if not path.startswith(str(tmp_path) + "/"):
                continue  # e.g. h5py opening /dev/null
            assert path not in final_files, f"{path} written in place"
            if package:  # built in a twin, never inside the live package
                assert not path.startswith(target + "/"), path
            renames = [
                j
                for j in range(i, len(events))
                if events[j][0] == "rename" and events[j][1] == path
            ]
            assert renames, f"{path} never renamed into place"
            j = renames[0]
            destination = events[j][2]
            if "/__pycache__/" in path:
                continue  # a cache: atomic (importlib writes it so) but not fsynced
            assert os.path.basename(path).startswith("."), path
            assert path.endswith(".tmp"), path
            assert ["fsync", path] in events[i:j], f"{path} replaced before fsync"
            parent = os.path.dirname(destination)
            assert ["fsync", parent] in events[j:], f"{parent} not fsynced after rename"
    assert_same_structure(
        {"a": 2, "x": np.arange(1000) + 2, "y": [np.arange(2000)]},
        persist.load(tmp_path / "m"),
    )


@pytest.mark.parametrize("data_format", FORMATS)
def test_package_is_replaced_as_a_whole(tmp_path: Path, data_format: str) -> None:
    save(
        {"a": 1, "x": np.arange(10)},
        tmp_path,
        "m",
        data_format=data_format,
        backup_data=False,
    )
    inode = (tmp_path / "m").stat().st_ino
    save(
        {"a": 2, "x": np.arange(10)},
        tmp_path,
        "m",
        data_format=data_format,
        backup_data=False,
    )
    assert (tmp_path / "m").stat().st_ino != inode  # a new directory took its place
    assert os.listdir(tmp_path) == ["m"]  # the old one and the twin are gone


def test_package_keeps_files_the_user_added(tmp_path: Path) -> None:
    save({"a": 1, "x": np.arange(10)}, tmp_path, "m", backup_data=False)
    (tmp_path / "m" / "notes.txt").write_text("mine")
    (tmp_path / "m" / "extra").mkdir()
    (tmp_path / "m" / "extra" / "more.txt").write_text("also mine")
    save({"a": 2, "x": np.arange(10)}, tmp_path, "m", backup_data=False)
    assert (tmp_path / "m" / "notes.txt").read_text() == "mine"
    assert (tmp_path / "m" / "extra" / "more.txt").read_text() == "also mine"
    assert persist.load(tmp_path / "m")["a"] == 2


def _versions() -> tuple[dict[str, Any], dict[str, Any]]:
    one = {"a": 1, "x": np.arange(10), "b": [np.arange(20)]}
    two = {"a": 2, "x": np.arange(10) * 2, "b": [np.arange(20) * 2]}
    return one, two


@pytest.mark.parametrize("data_format", FORMATS)
def test_package_backup_keeps_the_overwritten_archive(
    tmp_path: Path, data_format: str
) -> None:
    one, two = _versions()
    save(one, tmp_path, "m", data_format=data_format, backup_data=True)
    old = snapshot(tmp_path / "m", pycache=False)
    save(two, tmp_path, "m", data_format=data_format, backup_data=True)
    assert sorted(os.listdir(tmp_path)) == ["m", "m.bak"]
    assert {
        k: v.data for k, v in snapshot(tmp_path / "m.bak", pycache=False).items()
    } == {k: v.data for k, v in old.items()}
    assert_same_structure(one, persist.load(tmp_path / "m.bak"))
    assert_same_structure(two, persist.load(tmp_path / "m"))


@pytest.mark.parametrize("data_format", FORMATS)
def test_module_backup_keeps_the_overwritten_archive(
    tmp_path: Path, data_format: str
) -> None:
    one, two = _versions()
    save(one, tmp_path, "m", package=False, data_format=data_format, backup_data=True)
    old = snapshot(tmp_path, pycache=False)
    save(two, tmp_path, "m", package=False, data_format=data_format, backup_data=True)
    new = snapshot(tmp_path, pycache=False)
    for path, entry in old.items():
        if entry.kind == "file":
            first, _, rest = path.partition("/")
            backup = f"{first}.bak" + (f"/{rest}" if rest else "")
            assert backup in new, f"no backup of {path}: {sorted(new)}"
            assert new[backup].data == entry.data, backup
    assert_same_structure(two, persist.load(tmp_path / "m.py"))


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_no_backup_leaves_only_the_new_archive(
    tmp_path: Path, package: bool, data_format: str
) -> None:
    one, two = _versions()
    save(
        one, tmp_path, "m", package=package, data_format=data_format, backup_data=False
    )
    save(
        two, tmp_path, "m", package=package, data_format=data_format, backup_data=False
    )
    assert files(tmp_path) == layout_files("m", package, data_format, ["b_0", "x"])
    assert [
        p for p in files(tmp_path, pycache=True) if "/." in "/" + p or ".bak" in p
    ] == []
    assert_same_structure(two, persist.load(tmp_path / "m"))


def test_dump_keeps_no_backup(tmp_path: Path) -> None:
    one, two = _versions()
    persist.dump(tmp_path / "m", array_threshold=5, **one)
    persist.dump(tmp_path / "m", array_threshold=5, **two)
    assert os.listdir(tmp_path) == ["m"]
    assert_same_structure(two, persist.load(tmp_path / "m"))


@pytest.mark.parametrize("package", LAYOUTS)
def test_switching_format_or_dropping_arrays_leaves_only_the_new_store(
    tmp_path: Path, package: bool
) -> None:
    steps = ["npy", "hdf5", None, "npy", "hdf5", "npy"]  # None: no external arrays
    for i, data_format in enumerate(steps):
        objects: dict[str, Any] = {"a": i}
        if data_format is not None:
            objects["x"] = np.arange(10) + i
        path = save(
            objects,
            tmp_path,
            "m",
            package=package,
            data_format=data_format or "npy",
            backup_data=False,
        )
        keys = ["x"] if data_format else []
        assert files(tmp_path) == layout_files("m", package, data_format or "npy", keys)
        assert_same_structure(objects, persist.load(path))
        assert_same_structure(objects, import_fresh(tmp_path, "m", list(objects)))


@pytest.mark.parametrize(
    "value",
    [
        np.array(1e-300, dtype=">f8"),  # not the machine's byte order
        np.array(-7, dtype=">i2"),
        np.array(b"ab", dtype="S4"),  # shorter than its dtype
        np.array("ab", dtype="<U3"),
    ],
    ids=["big_endian_float", "big_endian_int", "bytes", "str"],
)
def test_hdf5_keeps_a_0d_arrays_dtype_and_value(tmp_path: Path, value: Any) -> None:
    """h5py reads a 0-d dataset with ``[()]`` as a scalar: in native byte
    order (the bytes then viewed as the stored order: another number) or cut
    to its length (a bytes or str one then failed to load)."""
    archive = Archive(array_threshold=0)
    archive.insert(x=value)
    archive.save(tmp_path, "m", package=False, data_format="hdf5")
    for loaded in (
        persist.load(tmp_path / "m.py")["x"],
        import_fresh(tmp_path, "m", ["x"])["x"],  # the module's own loader
    ):
        assert loaded.dtype == value.dtype and loaded.shape == ()
        assert loaded.tobytes() == value.tobytes()


def test_a_module_save_leaves_a_folder_it_did_not_write(tmp_path: Path) -> None:
    """``<name>_arrays`` may be the user's: another archive (a package named
    ``run_arrays``) or their own data. A save that needs no store there leaves
    it alone; one that does refuses before writing anything."""
    persist.dump(tmp_path / "run_arrays", calibration={"gain": 1.5})
    (tmp_path / "raw_arrays").mkdir()
    (tmp_path / "raw_arrays" / "trace.csv").write_text("1,2")
    persist.dump(tmp_path / "run.py", note="x")
    persist.dump(tmp_path / "raw.py", note="y")
    assert persist.load(tmp_path / "run_arrays") == {"calibration": {"gain": 1.5}}
    assert (tmp_path / "raw_arrays" / "trace.csv").read_text() == "1,2"
    before = snapshot(tmp_path)
    for name in ("run", "raw"):
        with pytest.raises(persist.ArchiveError, match=f"{name}_arrays.*not a store"):
            save({"x": np.arange(10)}, tmp_path, name, package=False)
    assert snapshot(tmp_path) == before


def test_a_package_save_keeps_an_arrays_folder_it_did_not_write(
    tmp_path: Path,
) -> None:
    (tmp_path / "m" / "_arrays").mkdir(parents=True)
    (tmp_path / "m" / "_arrays" / "notes.txt").write_text("mine")
    save({"a": 1}, tmp_path, "m", backup_data=False)
    assert (tmp_path / "m" / "_arrays" / "notes.txt").read_text() == "mine"
    save({"x": np.arange(10)}, tmp_path, "m", data_format="hdf5", backup_data=False)
    assert (tmp_path / "m" / "_arrays" / "notes.txt").read_text() == "mine"
    with pytest.raises(persist.ArchiveError, match="_arrays.*not a store"):
        save({"x": np.arange(10)}, tmp_path, "m", backup_data=False)
    assert (tmp_path / "m" / "_arrays" / "notes.txt").read_text() == "mine"


def _module_backup(directory: Path, into: Path) -> dict[str, Any]:
    """The module layout's backup (``m.py.bak`` and the store backup beside
    it) restored under its own names in ``into``, loaded."""
    into.mkdir()
    for entry in directory.iterdir():
        if entry.name.endswith(".bak"):
            restored = into / entry.name[: -len(".bak")]
            if entry.is_dir():
                shutil.copytree(entry, restored)
            else:
                shutil.copy(entry, restored)
    return persist.load(into / "m.py")


def test_module_backup_is_one_whole_previous_version(tmp_path: Path) -> None:
    """The text and the store of the backup are those of one version: when
    only the text changed, the store's backup is the unchanged store (it was
    the previous one's of the version before); a format switch or dropping
    the arrays backs up the old store."""
    steps: list[tuple[Any, str]] = [
        (np.zeros(10), "npy"),
        (np.ones(10), "npy"),
        (np.ones(10), "npy"),  # only the text changes
        (np.ones(10) * 4, "hdf5"),
        (np.ones(10) * 4, "hdf5"),
        (6, "npy"),  # no external arrays
        (np.ones(10) * 7, "npy"),
    ]
    for i, (x, data_format) in enumerate(steps):
        objects = {"note": f"v{i}", "x": x}
        save(objects, tmp_path / "d", "m", package=False, data_format=data_format)
        if i:
            previous = {"note": f"v{i - 1}", "x": steps[i - 1][0]}
            backup = _module_backup(tmp_path / "d", tmp_path / f"restored{i}")
            assert_same_structure(previous, backup)
        assert_same_structure(objects, persist.load(tmp_path / "d" / "m.py"))


@pytest.mark.parametrize("data_format", FORMATS)
def test_resaving_an_unchanged_array_compares_it_a_chunk_at_a_time(
    tmp_path: Path, data_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison before writing allocated the array's size again (npy:
    an array_equal temporary) or three times (hdf5: two .npy copies and a
    full read)."""
    import tracemalloc

    from persist.store import arrays

    monkeypatch.setattr(arrays, "CHUNK", 64 * 1024)
    objects = {"x": np.random.default_rng(0).random((1000, 1000))}  # 8 MB
    save(objects, tmp_path, "m", data_format=data_format)
    before = snapshot(tmp_path)
    tracemalloc.start()
    try:
        save(objects, tmp_path, "m", data_format=data_format)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert snapshot(tmp_path) == before
    assert peak < 2_000_000, peak


@pytest.mark.parametrize("data_format", FORMATS)
def test_a_store_that_no_module_reads_is_set_aside_not_refused(
    tmp_path: Path, data_format: str
) -> None:
    """A save killed after writing its store, before its module (the store
    comes first), leaves a store nothing reads. The next save must not refuse
    it forever, nor delete it (it could be the user's arrays): it is moved to
    ``<store>.unread``, with a warning."""
    base = tmp_path / "run_arrays"
    if data_format == "npy":
        base.mkdir()
        np.save(base / "x.npy", np.arange(3))
        leftover = base
    else:
        leftover = base.with_name(base.name + ".h5")
        leftover.write_bytes(b"an HDF5 file")
    with pytest.warns(UserWarning, match="not read by the archive"):
        save(
            {"x": np.arange(10)},
            tmp_path,
            "run",
            package=False,
            data_format=data_format,
        )
    assert np.array_equal(persist.load(tmp_path / "run.py")["x"], np.arange(10))
    aside = leftover.with_name(leftover.name + ".unread")
    assert aside.exists()


def test_a_string_that_looks_like_the_loader_does_not_claim_a_folder(
    tmp_path: Path,
) -> None:
    """Only the array loader's own line names the store: an archived string
    holding the same words made a later save take the user's folder of
    arrays for its store, and remove it."""
    mine = tmp_path / "run_arrays"
    mine.mkdir()
    np.save(mine / "mine.npy", np.arange(3))
    note = "join(dirname(__file__), 'run_arrays')"
    save({"note": note}, tmp_path, "run", package=False, backup_data=False)
    save({"note": note, "more": 1}, tmp_path, "run", package=False, backup_data=False)
    assert sorted(os.listdir(mine)) == ["mine.npy"]


def test_a_backup_that_cannot_be_kept_is_refused_before_writing(
    tmp_path: Path,
) -> None:
    """A folder of the user's where the store's backup goes: the save refuses
    at once (it failed after writing the new version, and the previous one,
    held for the backup, was lost)."""
    save({"x": np.arange(10), "t": 1}, tmp_path, "m", package=False)
    (tmp_path / "m_arrays.bak").mkdir()
    (tmp_path / "m_arrays.bak" / "notes.txt").write_text("mine")
    before = snapshot(tmp_path)
    with pytest.raises(persist.ArchiveError, match=r"m_arrays\.bak.*not a backup"):
        save({"x": np.arange(10) + 1, "t": 2}, tmp_path, "m", package=False)
    assert snapshot(tmp_path) == before


def test_a_module_save_removes_what_a_killed_save_of_it_left(tmp_path: Path) -> None:
    """A killed save leaves a temporary module and a stash of its store (a
    directory); the next save of the same module removes both, and nothing
    of another name."""
    save({"x": np.arange(10)}, tmp_path, "m", package=False)
    (tmp_path / ".m.py.k3j2h1g0.tmp").write_text("half a module")
    stash = tmp_path / ".m_arrays.4242.bak.tmp"
    stash.mkdir()
    np.save(stash / "x.npy", np.arange(10))
    (tmp_path / ".mine.tmp").write_text("not persist's")
    save({"x": np.arange(10) + 1}, tmp_path, "m", package=False)
    hidden = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert hidden == [".mine.tmp"]

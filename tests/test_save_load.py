"""Saving and loading: layouts, array stores, persist-free imports, stable keys,
``dump``/``dumps``/``load``/``loads``, memory mapping, atomic writes and backups.

Subprocess checks block ``persist`` (``sys.modules['persist'] = None``) so a
saved archive is shown to import with Python, numpy and h5py alone.
"""

from __future__ import annotations

import json
import linecache
import os
import pickle
import re
import sys
import traceback
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import persist
from diskutil import changed, files, fresh_python, snapshot
from persist import Archive
from structure import assert_same_structure

FORMATS = ["npy", "hdf5"]
LAYOUTS = [pytest.param(True, id="package"), pytest.param(False, id="module")]
STYLES = [pytest.param(False, id="flat"), pytest.param(True, id="scoped")]


def layout_files(
    name: str, package: bool, data_format: str, keys: list[str]
) -> list[str]:
    """The files a save should write (``__pycache__`` aside)."""
    if package:
        module, store = f"{name}/__init__.py", f"{name}/_arrays"
    else:
        module, store = f"{name}.py", f"{name}_arrays"
    if not keys:
        return [module]
    if data_format == "hdf5":
        return sorted([module, store + ".h5"])
    return sorted([module] + [f"{store}/{k}.npy" for k in keys])


def seed_objects() -> dict[str, Any]:
    x = np.arange(10)
    y = np.arange(20)
    return {"a": 1, "x": x, "b": [x, y]}


def zoo() -> dict[str, np.ndarray]:
    """Arrays whose dtype, shape and memory order must survive a round trip."""
    return {
        "ints": np.arange(12, dtype=">i4").reshape(3, 4),
        "fortran": np.asfortranarray(np.arange(12.0).reshape(3, 4)),
        "fortran3": np.asfortranarray(np.arange(24, dtype="f4").reshape(2, 3, 4)),
        "when": np.array(["2020-01-01", "2021-02-03T04:05:06"], dtype="M8[s]"),
        "delta": np.array([1, 2, 3, -4], dtype="m8[ms]"),
        "text": np.array(["a", "bcd", "é€", ""], dtype="<U3"),
        "raw": np.array([b"a", b"bc", b""], dtype="S2"),
        "record": np.array(
            [(1, 1.5, b"ab"), (2, 2.5, b"c")],
            dtype=[("a", "<i4"), ("b", "<f8"), ("c", "S2")],
        ),
        "record_text": np.array(
            [(1, "ab", "2020-01-01"), (2, "c", "2021-01-01")],
            dtype=[("a", "<i4"), ("b", "<U3"), ("t", "M8[D]")],
        ),
        "aligned": np.zeros(3, dtype=np.dtype([("a", "u1"), ("b", "<i4")], align=True)),
        "complex": np.array([1 + 2j, 3j, -1.5], dtype="c16"),
        "half": np.linspace(0, 1, 7, dtype="f2"),
        "flags": np.array([True, False, True, True]),
        "empty": np.zeros((0, 3)),
        "matrix": np.arange(30, dtype="u2").reshape(5, 6)[:, ::2],  # not contiguous
    }


def zoo_objects() -> dict[str, Any]:
    arrays = zoo()
    shared = arrays["ints"]
    return {"x": shared, "b": [shared, arrays["fortran"]], "zoo": arrays, "n": 3}


def save(objects: dict[str, Any], directory: Path, name: str = "m", **kw: Any) -> Path:
    options = {
        k: kw.pop(k)
        for k in list(kw)
        if k in ("scoped", "backup_data", "single_item_mode")
    }
    archive = Archive(array_threshold=kw.pop("array_threshold", 5), **options)
    archive.insert(**objects)
    return archive.save(directory, name, **kw)


def _dtype_metadata(dtype: np.dtype) -> list[Any]:
    found = [dtype.metadata] if dtype.metadata else []
    if dtype.subdtype is not None:
        found += _dtype_metadata(dtype.subdtype[0])
    for name in dtype.names or ():
        found += _dtype_metadata(dtype.fields[name][0])
    return found


def assert_plain_dtypes(obj: Any, where: str = "root") -> None:
    """Loaded arrays carry exactly the dtype saved: no reader metadata either."""
    if isinstance(obj, np.ndarray):
        assert _dtype_metadata(obj.dtype) == [], f"{where}: {obj.dtype} has metadata"
    elif isinstance(obj, dict):
        for k, v in obj.items():
            assert_plain_dtypes(v, f"{where}[{k!r}]")
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            assert_plain_dtypes(v, f"{where}[{i}]")


_PERSIST_IMPORT = re.compile(
    r"^\s*(import|from)\s+persist\b|__import__\(\s*['\"]persist", re.M
)

# Runs in a fresh interpreter where `persist` cannot be imported: imports the
# saved module and sends back (pickled) its names and the writeable flag of
# every array it holds.
_IMPORT_AND_REPORT = """
import pickle, importlib
names = {names!r}
module = importlib.import_module({module!r})
values = {{k: getattr(module, k) for k in names}} if names else module
flags = []
def metadata(dtype):
    found = [dtype.metadata] if dtype.metadata else []
    if dtype.subdtype is not None:
        found += metadata(dtype.subdtype[0])
    for name in dtype.names or ():
        found += metadata(dtype.fields[name][0])
    return found
def walk(obj, path):
    import numpy
    if isinstance(obj, numpy.ndarray):
        flags.append((path, bool(obj.flags.writeable), type(obj).__name__,
                      repr(metadata(obj.dtype))))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            walk(v, f"{{path}}[{{k!r}}]")
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            walk(v, f"{{path}}[{{i}}]")
walk(values, "root")
leaked = sorted(k for k, v in sys.modules.items()
                if k.split('.')[0] == 'persist' and v is not None)

class Pickler(pickle.Pickler):
    # arrays travel as .npy bytes: numpy's own pickling drops the byte order
    def persistent_id(self, obj):
        import io, numpy
        if type(obj) is numpy.ndarray:
            buffer = io.BytesIO()
            numpy.save(buffer, obj, allow_pickle=False)
            return (id(obj), buffer.getvalue())
        return None

Pickler(sys.stdout.buffer).dump((values, flags, leaked))
"""


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes) -> None:
        import io

        super().__init__(io.BytesIO(data))
        self.arrays: dict[int, np.ndarray] = {}

    def persistent_load(self, pid: Any) -> np.ndarray:
        import io

        key, data = pid
        if key not in self.arrays:
            self.arrays[key] = np.load(io.BytesIO(data), allow_pickle=False)
        return self.arrays[key]


def import_fresh(directory: Path, module: str, names: list[str] | None) -> Any:
    """Import ``module`` from ``directory`` in a persist-free interpreter."""
    result = fresh_python(
        _IMPORT_AND_REPORT.format(names=names, module=module), path=directory
    )
    values, flags, leaked = _Unpickler(result.stdout).load()
    assert leaked == []
    for where, writeable, kind, metadata in flags:
        assert writeable, f"{where} ({kind}) is read-only after import"
        assert kind == "ndarray", where
        assert metadata == "[]", f"{where}: dtype metadata {metadata}"
    return values


# -- layouts ---------------------------------------------------------------------


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_save_writes_the_documented_layout(
    tmp_path: Path, package: bool, data_format: str
) -> None:
    path = save(seed_objects(), tmp_path, "m", package=package, data_format=data_format)
    assert path == (tmp_path / "m" if package else tmp_path / "m.py")
    assert files(tmp_path) == layout_files("m", package, data_format, ["b_1", "x"])
    # nothing hidden (temporary files, twins) is left behind
    assert [p for p in files(tmp_path, pycache=True) if "/." in "/" + p] == []


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_saved_archive_is_readable_by_everyone(
    tmp_path: Path, package: bool, data_format: str
) -> None:
    """Like any file written with the usual umask: directories 0o755, files
    0o644 (a DataSet is often shared between users)."""
    save(seed_objects(), tmp_path, "m", package=package, data_format=data_format)
    save(seed_objects(), tmp_path, "m", package=package, data_format=data_format)
    for path in [tmp_path / p for p in files(tmp_path, pycache=True)]:
        while path != tmp_path:
            mode = path.stat().st_mode & 0o777
            expected = 0o755 if path.is_dir() else 0o644
            assert mode & expected == expected, f"{path}: {oct(mode)}"
            path = path.parent


@pytest.mark.parametrize("package", LAYOUTS)
def test_archive_without_large_arrays_writes_only_the_module(
    tmp_path: Path, package: bool
) -> None:
    save(
        {"a": [1, 2], "s": "text"}, tmp_path, "m", package=package, array_threshold=None
    )
    assert files(tmp_path) == layout_files("m", package, "npy", [])
    assert persist.load(tmp_path / "m") == {"a": [1, 2], "s": "text"}


def test_save_data_writes_one_npy_per_key(tmp_path: Path) -> None:
    archive = Archive(array_threshold=5)
    archive.insert(**seed_objects())
    path = archive.save_data(datafile=tmp_path / "arrays")
    assert path == tmp_path / "arrays"
    assert sorted(os.listdir(path)) == ["b_1.npy", "x.npy"]
    for key, value in archive.data.items():
        loaded = np.load(path / f"{key}.npy")
        assert_same_structure(value, loaded)


@pytest.mark.parametrize(
    "datafile, written", [("arrays", "arrays.h5"), ("data.h5", "data.h5")]
)
def test_save_data_writes_one_hdf5_file(
    tmp_path: Path, datafile: str, written: str
) -> None:
    import h5py

    archive = Archive(array_threshold=5)
    archive.insert(**seed_objects())
    path = archive.save_data(datafile=tmp_path / datafile, data_format="hdf5")
    assert path == tmp_path / written
    assert os.listdir(tmp_path) == [written]
    with h5py.File(path, "r") as file:
        assert sorted(file) == ["b_1", "x"]
        for key, value in archive.data.items():
            assert_same_structure(value, file[key][()])


def test_save_data_without_arrays_writes_nothing(tmp_path: Path) -> None:
    archive = Archive(array_threshold=5)
    archive.insert(a=[1, 2, 3])
    assert archive.save_data(datafile=tmp_path / "arrays") is None
    assert os.listdir(tmp_path) == []


def test_save_refuses_a_missing_name_outside_single_item_mode(tmp_path: Path) -> None:
    archive = Archive()
    archive.insert(a=1)
    with pytest.raises(persist.ArchiveError, match="name"):
        archive.save(tmp_path)
    assert os.listdir(tmp_path) == []


# -- importing without persist ---------------------------------------------------


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_saved_archive_imports_without_persist(
    tmp_path: Path, package: bool, data_format: str, scoped: bool
) -> None:
    objects = zoo_objects()
    path = save(
        objects,
        tmp_path,
        "m",
        package=package,
        data_format=data_format,
        scoped=scoped,
        array_threshold=1,
    )
    text = (path / "__init__.py" if package else path).read_text()
    assert not _PERSIST_IMPORT.search(text)
    assert "_arrays['x']" in text  # the arrays really are external
    got = import_fresh(tmp_path, "m", list(objects))
    assert_same_structure(objects, got)
    assert_plain_dtypes(got)


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_load_reads_arrays_writable_with_exact_dtype_shape_and_order(
    tmp_path: Path, package: bool, data_format: str, scoped: bool
) -> None:
    objects = zoo_objects()
    path = save(
        objects,
        tmp_path,
        "m",
        package=package,
        data_format=data_format,
        scoped=scoped,
        array_threshold=1,
    )
    loaded = persist.load(path)
    assert_same_structure(objects, loaded)
    assert_plain_dtypes(loaded)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_single_item_archive_imports_and_loads_as_the_object(
    tmp_path: Path, package: bool, data_format: str
) -> None:
    x, y = np.arange(10), np.arange(20)
    b = [x, y, {"k": x}]
    archive = Archive(single_item_mode=True, array_threshold=5)
    archive.insert(b1=b)
    path = archive.save(tmp_path, package=package, data_format=data_format)
    assert path == (tmp_path / "b1" if package else tmp_path / "b1.py")
    assert files(tmp_path)[0].startswith("b1")
    assert_same_structure(b, import_fresh(tmp_path, "b1", None))
    assert_same_structure(b, persist.load(path))


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_zero_dimensional_external_arrays_keep_their_shape(
    tmp_path: Path, package: bool, data_format: str
) -> None:
    objects = {
        "s": np.array(5.0),
        "t": np.array("2020-01-01", dtype="M8[D]"),
        "u": np.array("héllo"),
        "r": np.array((1, "ab"), dtype=[("a", "<i2"), ("b", "<U2")]),
    }
    path = save(
        objects,
        tmp_path,
        "m",
        package=package,
        data_format=data_format,
        array_threshold=0,
    )
    assert "_arrays['s']" in (path / "__init__.py" if package else path).read_text()
    assert_same_structure(objects, import_fresh(tmp_path, "m", list(objects)))
    assert_same_structure(objects, persist.load(path))
    mapped = persist.load(path, mmap=True)
    for key, value in objects.items():
        assert mapped[key].shape == () and mapped[key].dtype == value.dtype, key
        assert mapped[key][()] == value[()], key


@pytest.mark.parametrize("package", LAYOUTS)
def test_mmap_load_of_hdf5_gives_the_saved_values(
    tmp_path: Path, package: bool
) -> None:
    objects = zoo_objects()
    path = save(
        objects, tmp_path, "m", package=package, data_format="hdf5", array_threshold=1
    )
    loaded = persist.load(path, mmap=True)
    for key, value in objects["zoo"].items():
        got = loaded["zoo"][key]
        assert got.dtype == value.dtype and got.shape == value.shape, key
        assert _dtype_metadata(got.dtype) == [], key
        if value.ndim > 1:
            assert got.flags.f_contiguous == value.flags.f_contiguous, key
        assert np.array_equal(np.asarray(got), value), key


# -- array keys ------------------------------------------------------------------


@pytest.mark.parametrize("package", LAYOUTS)
def test_changing_one_array_rewrites_one_file_and_renames_nothing(
    tmp_path: Path, package: bool
) -> None:
    x, y = np.arange(10), np.arange(20)
    save(
        {"a": 1, "x": x, "b": [x, y]}, tmp_path, "m", package=package, backup_data=False
    )
    store = "m/_arrays" if package else "m_arrays"
    module = "m/__init__.py" if package else "m.py"
    before = snapshot(tmp_path, pycache=False)
    assert sorted(p for p in before if p.endswith(".npy")) == [
        f"{store}/b_1.npy",
        f"{store}/x.npy",
    ]

    save(
        {"a": 1, "x": x, "b": [x, y + 1]},
        tmp_path,
        "m",
        package=package,
        backup_data=False,
    )
    after = snapshot(tmp_path, pycache=False)
    assert sorted(after) == sorted(before)  # same names: nothing renamed
    assert [p for p in changed(before, after) if after[p].kind == "file"] == [
        f"{store}/b_1.npy"
    ]
    # the unchanged array and the unchanged text keep inode and mtime
    for kept in (f"{store}/x.npy", module):
        assert after[kept].inode == before[kept].inode
        assert after[kept].mtime_ns == before[kept].mtime_ns
    assert_same_structure(
        {"a": 1, "x": x, "b": [x, y + 1]}, persist.load(tmp_path / "m")
    )


@pytest.mark.parametrize("package", LAYOUTS)
def test_changing_one_array_keeps_the_hdf5_keys(tmp_path: Path, package: bool) -> None:
    import h5py

    x, y = np.arange(10), np.arange(20)
    save(
        {"a": 1, "x": x, "b": [x, y]},
        tmp_path,
        "m",
        package=package,
        data_format="hdf5",
        backup_data=False,
    )
    before = snapshot(tmp_path, pycache=False)
    save(
        {"a": 1, "x": x, "b": [x, y + 1]},
        tmp_path,
        "m",
        package=package,
        data_format="hdf5",
        backup_data=False,
    )
    after = snapshot(tmp_path, pycache=False)
    store = tmp_path / ("m/_arrays.h5" if package else "m_arrays.h5")
    assert [p for p in changed(before, after) if after[p].kind == "file"] == [
        store.relative_to(tmp_path).as_posix()
    ]
    with h5py.File(store, "r") as file:
        assert sorted(file) == ["b_1", "x"]


def test_array_keys_and_files_are_the_same_in_every_run(tmp_path: Path) -> None:
    code = """
    import numpy as np, persist
    x, y = np.arange(10), np.arange(20)
    d = {{'p': y[:7].copy(), 'q': [x]}}
    persist.dump({out!r}, array_threshold=5, a=1, x=x, b=[x, y], d=d)
    """
    for seed in ("1", "2", "3"):
        out = tmp_path / f"run{seed}" / "m"
        fresh_python(
            code.format(out=str(out)), block_persist=False, env={"PYTHONHASHSEED": seed}
        )
    runs = [
        {k: v.data for k, v in snapshot(tmp_path / f"run{s}", pycache=False).items()}
        for s in ("1", "2", "3")
    ]
    assert runs[0] == runs[1] == runs[2]
    assert sorted(p for p in runs[0] if p.endswith(".npy")) == [
        "m/_arrays/b_1.npy",
        "m/_arrays/d_p.npy",
        "m/_arrays/x.npy",
    ]


# -- dump / dumps / load / loads -------------------------------------------------


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


# -- memory mapping --------------------------------------------------------------


@pytest.mark.parametrize("package", LAYOUTS)
def test_mmap_load_maps_npy_arrays_read_only(tmp_path: Path, package: bool) -> None:
    objects = zoo_objects()
    path = save(objects, tmp_path, "m", package=package, array_threshold=1)
    loaded = persist.load(path, mmap=True)
    x = loaded["x"]
    assert isinstance(x, np.memmap)
    assert not x.flags.writeable
    with pytest.raises(ValueError):
        x[0, 0] = 1
    assert loaded["b"][0] is x  # sharing survives
    for key, value in objects["zoo"].items():
        if value.size <= 1:
            continue  # written inline in the text
        got = loaded["zoo"][key]
        assert isinstance(got, np.memmap), key
        assert not got.flags.writeable, key
        assert got.dtype == value.dtype and got.shape == value.shape, key
        if value.ndim > 1:
            assert got.flags.f_contiguous == value.flags.f_contiguous, key
        assert np.array_equal(np.asarray(got), value), key


_MMAP_PROBE = """
import json, os, time
import numpy as np
import persist

page = os.sysconf('SC_PAGE_SIZE')
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * page
def read():  # bytes this process has read with read() and the like
    with open('/proc/self/io') as f:
        return int(dict(line.split(': ') for line in f.read().splitlines())['rchar'])

persist.load({warm!r}, mmap=True)  # imports and first-use costs out of the way
persist.load({warm!r})
out = {{}}
r0, b0, t0 = rss(), read(), time.process_time()
mapped = persist.load({big!r}, mmap=True)
out['mmap_time'], out['mmap_rss'] = time.process_time() - t0, rss() - r0
out['mmap_read'] = read() - b0
array = mapped['big']
out['memmap'] = isinstance(array, np.memmap) and not array.flags.writeable
out['shape'] = list(array.shape)
out['corner'] = float(array[-1, -1])
del mapped, array
r0, b0, t0 = rss(), read(), time.process_time()
full = persist.load({big!r})
out['full_time'], out['full_rss'] = time.process_time() - t0, rss() - r0
out['full_read'] = read() - b0
out['full_writeable'] = bool(full['big'].flags.writeable)
print(json.dumps(out))
"""


def test_mmap_opens_a_large_archive_without_reading_it(tmp_path: Path) -> None:
    """~200 MB of arrays: a memory-mapped load neither reads the data, grows
    the resident set nor takes time proportional to the size; a normal load
    does all three.

    Bytes read are the kernel's count (/proc/self/io); time is the child's CPU
    time, not wall-clock time, which another process's load stretches: on a
    busy machine a memory-mapped load of 12.4 ms (1.1 ms of it CPU) against a
    full load of 62 ms from the page cache came within 1% of failing the
    factor of 5 below; in CPU time the full load takes 30 ms or more."""
    big = np.ones((5000, 5000))  # 200 MB
    persist.dump(tmp_path / "big", array_threshold=1000, big=big, meta={"n": 1})
    del big
    persist.dump(tmp_path / "warm", array_threshold=1, w=np.arange(10.0))
    probe = _MMAP_PROBE.format(big=str(tmp_path / "big"), warm=str(tmp_path / "warm"))
    out = json.loads(fresh_python(probe, block_persist=False).stdout)
    mb = 1 << 20
    assert out["memmap"] and out["shape"] == [5000, 5000] and out["corner"] == 1.0
    assert out["full_writeable"]
    assert out["full_rss"] > 150 * mb, out  # the probe does measure reads
    assert out["mmap_rss"] < 16 * mb, out
    assert out["full_read"] >= 5000 * 5000 * 8, out  # every byte of the array
    assert out["mmap_read"] < 1 * mb, out  # the texts and the .npy header only
    assert out["mmap_time"] < 0.25 and out["mmap_time"] < out["full_time"] / 5, out


# -- unchanged saves, crash-safe writes, backups ---------------------------------


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

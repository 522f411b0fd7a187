"""DataSet format and round trip: the files written, reading back (memory-mapped
too), reopening, overwriting items (and when their old arrays go), lazy loading,
plain imports without persist, reloading, and an open reader seeing every
metadata change.

The concurrency and crash tests are in test_dataset_concurrency.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import persist
import persist.dataset
import persist.store.generations
from dataset_helpers import (
    FORMATS,
    SEED_DIR,
    check_items,
    child_env,
    fresh_python,
    make,
    store_files,
)
from persist import DataSet

# -- format and round trip ------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_layout_and_round_trip(tmp_path: Path, fmt: str) -> None:
    ds = make(tmp_path, fmt)
    d = tmp_path / "ds"
    assert (d / "_this_dir_is_a_DataSet").read_bytes() == b""
    init = (d / "__init__.py").read_text()
    assert "_info_dict" in init
    for key in "axs":
        assert (d / f"{key}.py").is_file()
    assert not (d / "a_data").exists()  # 10 elements <= 12: inline
    suffix = ".npy" if fmt == "npy" else ".h5"
    for key in "xs":
        files = store_files(d, key)
        assert files and all(f.name.endswith(suffix) for f in files)
    check_items(ds)
    del ds
    ds = DataSet("ds", "r", path=tmp_path)
    check_items(ds)
    assert "x" in ds and "a" in ds and "nope" not in ds
    assert list(ds) == ["a", "x", "s"] == ds.keys()
    assert len(ds) == 3
    assert {"a", "x", "s"} <= set(dir(ds))
    assert "['a', 's', 'x']" in repr(ds)


@pytest.mark.parametrize("fmt", FORMATS)
def test_reopening_in_w_or_a_keeps_items_and_adds(tmp_path: Path, fmt: str) -> None:
    make(tmp_path, fmt)
    for mode in "wa":
        ds = DataSet("ds", mode, path=tmp_path, array_threshold=12, data_format=fmt)
        check_items(ds)
        setattr(ds, f"new_{mode}", np.full(30, ord(mode)))
    ds = DataSet("ds", "r", path=tmp_path)
    check_items(ds)
    np.testing.assert_array_equal(ds.new_w, np.full(30, ord("w")))
    np.testing.assert_array_equal(ds.new_a, np.full(30, ord("a")))
    assert ds["new_a"] is None  # an item without metadata has None


def _age(store: Path, seconds: float) -> None:
    """Pretend that ``store`` was retired ``seconds`` ago."""
    then = time.time() - seconds
    os.utime(store, (then, then))


@pytest.mark.parametrize("fmt", FORMATS)
def test_overwriting_an_item_replaces_it_and_drops_old_arrays(
    tmp_path: Path, fmt: str
) -> None:
    ds = DataSet("ds", "w", path=tmp_path, array_threshold=12, data_format=fmt)
    for n in range(5):
        ds.x = [np.full(20, n), np.full(30, n)]
        ds["x"] = {"version": n}
        x = ds.x
        assert all((a == n).all() for a in x) and ds["x"] == {"version": n}
    data = tmp_path / "ds" / "x_data"
    # retired generations outlive the module for a grace period: a reader that
    # read an older x.py still finds its arrays
    assert len(list(data.iterdir())) == 5
    # once it has passed, the next write removes them, except the previous one
    grace = persist.store.generations.RETIRED_GRACE
    for store in data.iterdir():
        _age(store, grace + 1)
    ds.x = [np.full(20, 5), np.full(30, 5)]
    assert len(list(data.iterdir())) == 2
    # the generation just retired is kept however old it was when written
    ds.x = [np.full(20, 6), np.full(30, 6)]
    assert len(list(data.iterdir())) == 3
    ds.x = "now inline"
    assert ds.x == "now inline"
    assert ds["x"] == {"version": 4}  # storing data keeps the metadata


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_old_item_module_still_finds_its_arrays_after_rewrites(
    tmp_path: Path, fmt: str
) -> None:
    """A plain ``import`` reads x.py, then opens the arrays it names; a reader
    paused in between while the writer adds versions must not find them gone
    (the race behind FileNotFoundError in the plain-import torn-read test)."""
    ds = DataSet("ds", "w", path=tmp_path, array_threshold=12, data_format=fmt)
    ds.x = [np.full(20, 0), np.full(30, 0)]
    module = tmp_path / "ds" / "x.py"
    old_text = module.read_text()
    for n in range(1, 6):
        ds.x = [np.full(20, n), np.full(30, n)]
    # run the text read before the rewrites, as the import system would
    out = fresh_python(
        f"""
        import types
        module = types.ModuleType("ds.x")
        module.__file__ = {str(module)!r}
        sys.modules["ds.x"] = module
        exec(compile({old_text!r}, {str(module)!r}, "exec"), module.__dict__)
        print([int(a[0]) for a in sys.modules["ds.x"]])
        """
    )
    assert out.split("\n")[0] == "[0, 0]"
    np.testing.assert_array_equal(ds.x[1], np.full(30, 5))


def test_metadata_without_data_reads_as_none(tmp_path: Path) -> None:
    ds = DataSet("ds", "w", path=tmp_path)
    ds["only_info"] = {"note": 1}
    assert "only_info" in ds and ds["only_info"] == {"note": 1}
    assert ds.only_info is None


def test_items_load_lazily_and_anew(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    make(tmp_path)
    calls: list[str] = []
    real = persist.dataset.load

    def counting(path, **kw):  # type: ignore[no-untyped-def]
        calls.append(Path(path).name)
        return real(path, **kw)

    monkeypatch.setattr(persist.dataset, "load", counting)
    ds = DataSet("ds", "r", path=tmp_path)
    assert ds["x"] == "A list with a small and large array"
    assert list(ds) == ["a", "x", "s"] and "x" in ds and dir(ds)
    assert calls == []  # opening and metadata load no item
    first = ds.x
    assert calls == ["x.py"]
    second = ds.x
    assert calls == ["x.py", "x.py"] and first is not second  # anew on every access


@pytest.mark.parametrize("fmt", FORMATS)
def test_plain_import_without_persist(tmp_path: Path, fmt: str) -> None:
    make(tmp_path, fmt)
    out = fresh_python(
        f"""
        sys.path.insert(0, {str(tmp_path)!r})
        import numpy as np
        try:
            import persist
        except ImportError:
            pass
        else:
            raise SystemExit('persist importable in the child')
        import ds
        print(dir(ds))
        print(sorted(ds._info_dict.items(), key=str))
        assert 'ds.x' not in sys.modules and 'ds.a' not in sys.modules
        import ds.x
        print(dir(ds))
        assert isinstance(ds.x, list) and ds.x is sys.modules['ds.x']
        assert (ds.x[0] == np.arange(10)).all() and (ds.x[1] == np.arange(15)).all()
        import ds.a, ds.s
        assert (ds.a == np.arange(10)).all()
        assert ds.s['label'] == 'small' and (ds.s['big'] == 1).all()
        print(dir(ds))
        """
    ).splitlines()
    assert out[0] == str(SEED_DIR)
    assert out[1] == str(
        sorted(
            {
                "a": "A small array",
                "x": "A list with a small and large array",
                "s": {"units": "m", "n": 3},
            }.items(),
            key=str,
        )
    )
    assert out[2] == str([*SEED_DIR, "x"])
    assert out[3] == str([*SEED_DIR, "a", "s", "x"])


def test_reload_forgets_items_and_reimport_reads_new_data(tmp_path: Path) -> None:
    ds = DataSet("ds", "w", path=tmp_path, array_threshold=12)
    ds.x = np.arange(20)  # external
    ds.y = [1, 2, 3]  # inline
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nsys.modules['persist'] = None\n"
            + textwrap.dedent(
                f"""
                import importlib, json
                sys.path.insert(0, {str(tmp_path)!r})
                import ds
                import ds.x, ds.y
                print(json.dumps([ds.x.tolist(), ds.y]), flush=True)
                sys.stdin.readline()  # the parent rewrites x and y, adds z
                print(json.dumps([ds.x.tolist(), ds.y]), flush=True)  # unchanged
                importlib.reload(ds)
                gone = [k for k in 'xy' if k in dir(ds) or 'ds.' + k in sys.modules]
                print(json.dumps([dir(ds), gone, sorted(ds._info_dict)]), flush=True)
                importlib.invalidate_caches()  # z.py is a module new since start-up
                import ds.x, ds.y, ds.z
                print(json.dumps([ds.x.tolist(), ds.y, ds.z]), flush=True)
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(bytecode=True),
    )
    import json

    assert child.stdout is not None and child.stdin is not None
    line = child.stdout.readline()
    assert json.loads(line) == [list(range(20)), [1, 2, 3]], child.stderr.read()
    # same-size rewrites right after the import: a stale .pyc must not win
    ds.x = np.arange(20)[::-1].copy()
    ds.y = [4, 5, 6]
    ds.z = "new"
    ds["z"] = "info of z"
    out, err = child.communicate("\n", timeout=60)
    assert child.returncode == 0, err
    lines = [json.loads(s) for s in out.splitlines()]
    assert lines[0] == [list(range(20)), [1, 2, 3]]
    assert lines[1] == [SEED_DIR, [], ["x", "y", "z"]]
    assert lines[2] == [list(range(19, -1, -1)), [4, 5, 6], "new"]


# -- mmap ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_large_arrays_can_be_memory_mapped_read_only(tmp_path: Path, fmt: str) -> None:
    big = np.arange(500_000, dtype=float).reshape(1000, 500)
    ds = DataSet("ds", "w", path=tmp_path, data_format=fmt)
    ds.x = big
    ds.pair = [big, np.arange(3)]
    for mapped in (
        DataSet("ds", "r", path=tmp_path, mmap=True).x,
        DataSet("ds", "r", path=tmp_path).load("x", mmap=True),
        DataSet("ds", "r", path=tmp_path, mmap=True).pair[0],
    ):
        assert isinstance(mapped, np.memmap)
        assert not mapped.flags.writeable
        np.testing.assert_array_equal(mapped, big)
        with pytest.raises(ValueError):
            mapped[0, 0] = 1.0
        del mapped
    plain = ds.x
    assert not isinstance(plain, np.memmap)
    np.testing.assert_array_equal(plain, big)
    assert not isinstance(
        DataSet("ds", "r", path=tmp_path, mmap=True).load("x", mmap=False), np.memmap
    )


# -- metadata freshness -----------------------------------------------------------


def test_an_open_reader_sees_every_metadata_change(tmp_path: Path) -> None:
    writer = DataSet("ds", "w", path=tmp_path)
    reader = DataSet("ds", "r", path=tmp_path)
    init = tmp_path / "ds" / "__init__.py"
    for n in range(30):
        writer["k"] = f"a{n:03d}"
        assert reader["k"] == f"a{n:03d}"
        stamp = init.stat()
        writer["k"] = f"b{n:03d}"
        writer["k"] = f"c{n:03d}"
        # a coarse-timestamp file system (or a fast writer) can give the new
        # file the old mtime; ext4 also reuses the freed inode number
        os.utime(init, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        assert reader["k"] == f"c{n:03d}"


# strings holding the marks of __init__.py's blocks, inline and at a line start
MARK_TEXTS = {
    "a": "text mentioning # -- end of metadata",
    "b": "see '# -- key: c' in the docs",
    "c": "line\n# -- key: a\n# -- end of metadata\n",
    "d": {"# -- key: b\n": [b"\n# -- end of metadata", "\n# -- key: d"]},
}


def test_metadata_that_mentions_the_marks_stays_intact(tmp_path: Path) -> None:
    """The marks are recognised only as whole lines, never inside a value's
    string (whose line breaks are written as escapes)."""
    ds = DataSet("ds", "w", path=tmp_path)
    for key, value in MARK_TEXTS.items():
        ds[key] = value
        ds[key + "_after"] = 1  # a block after it
    ds["a"] = MARK_TEXTS["a"] + " (again)"  # replaced in place, the others kept
    ds["c"] = MARK_TEXTS["c"] * 2
    expected = dict(MARK_TEXTS, a=MARK_TEXTS["a"] + " (again)", c=MARK_TEXTS["c"] * 2)
    expected |= {key + "_after": 1 for key in MARK_TEXTS}
    reader = DataSet("ds", "r", path=tmp_path)
    assert {key: reader[key] for key in reader} == expected
    assert reader.keys() == [k for key in MARK_TEXTS for k in (key, key + "_after")]
    # and the file as a whole is the same module for a plain import
    namespace: dict[str, object] = {}
    exec((tmp_path / "ds" / "__init__.py").read_text(), namespace)
    assert namespace["_info_dict"] == expected

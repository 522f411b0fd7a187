"""Memory mapping: ``load(mmap=True)`` maps the .npy arrays read-only, and
opens a large archive without reading its data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import persist
from diskutil import fresh_python
from save_helpers import LAYOUTS, save, zoo_objects


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


@pytest.mark.parametrize("package", LAYOUTS)
def test_saving_a_memory_mapped_load_again_keeps_its_arrays_external(
    tmp_path: Path, package: bool
) -> None:
    """The common workflow: load with ``mmap=True``, add a name, save. The
    memory maps went through pickle: the whole array as bytes in the text,
    the store removed, and a ``numpy.memmap`` of nothing on load."""
    signal = np.arange(2000.0)
    path = save(
        {"signal": signal}, tmp_path, "run", package=package, array_threshold=10
    )
    size = path.stat().st_size if not package else (path / "__init__.py").stat().st_size
    loaded = persist.load(path, mmap=True)
    path = save(
        {**loaded, "mean": 1.0}, tmp_path, "run", package=package, array_threshold=10
    )
    text = (path if not package else path / "__init__.py").read_text()
    assert len(text) < size + 100 and "_arrays['signal']" in text
    again = persist.load(path)
    assert type(again["signal"]) is np.ndarray
    assert np.array_equal(again["signal"], signal) and again["mean"] == 1.0


@pytest.mark.parametrize("data_format", ["npy", "hdf5"])
def test_mmap_load_of_an_empty_external_array_is_read_only(
    tmp_path: Path, data_format: str
) -> None:
    """An empty HDF5 dataset has no data to map: it was read, writable."""
    path = save(
        {"e": np.zeros((0, 3))},
        tmp_path,
        "m",
        array_threshold=-1,
        data_format=data_format,
    )
    empty = persist.load(path, mmap=True)["e"]
    assert empty.shape == (0, 3) and not empty.flags.writeable


def test_mmap_load_of_a_fortran_hdf5_array_is_read_only(tmp_path: Path) -> None:
    fortran = np.asfortranarray(np.arange(12.0).reshape(3, 4))
    path = save({"f": fortran}, tmp_path, "m", array_threshold=1, data_format="hdf5")
    loaded = persist.load(path, mmap=True)["f"]
    assert loaded.flags.f_contiguous and not loaded.flags.writeable
    assert np.array_equal(loaded, fortran)

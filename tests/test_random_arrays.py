"""Random numpy arrays (dtype, shape, memory layout, awkward values) come back
with the same dtype, shape and bytes: inline, and stored apart in .npy files
and in HDF5, read whole and memory-mapped, and archive again to the same text.

Written as a fuzzer first: it found 0-d HDF5 arrays read back in the wrong
byte order or failing to load, and nan signs lost inline."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import persist
from persist.archive import Archive

DTYPES: list[Any] = [
    "f8", "f4", "f2", "i1", "i2", "i4", "i8", "u1", "u8", "c8", "c16", "?",
    ">f8", "<i4", ">i2", "U3", "S4", "M8[s]", "m8[ms]", "M8[D]", "V8", "O",
    [("a", "i4"), ("b", "f8")], [("x", "f4", (2,))],
]  # fmt: skip
SHAPES = [(), (0,), (3,), (2, 3), (2, 0, 2), (1, 1, 1), (4, 5)]
FLOATS = [0.0, -0.0, 1.5, np.nan, -np.nan, np.inf, -np.inf, 1e300, 1e-300, 3.14159]


def random_array(rng: random.Random) -> np.ndarray[Any, Any]:
    dtype = np.dtype(rng.choice(DTYPES))
    shape = rng.choice(SHAPES)
    n = int(np.prod(shape))
    if dtype.kind in "fc":
        with np.errstate(over="ignore"):  # (1e300 as float16: inf)
            parts = np.array([rng.choice(FLOATS) for _ in range(2 * n)])
            array = parts[:n].astype(dtype)
            if dtype.kind == "c":
                array.imag = parts[n:]
    elif dtype.kind in "iu":
        info = np.iinfo(dtype)
        array = np.array([rng.choice([info.min, info.max, 0, 1]) for _ in range(n)])
        array = array.astype(dtype)
    elif dtype.kind == "b":
        array = np.array([rng.random() < 0.5 for _ in range(n)], dtype=dtype)
    elif dtype.kind == "U":
        array = np.array([rng.choice(["", "ab", "é€"]) for _ in range(n)], dtype=dtype)
    elif dtype.kind == "S":
        array = np.array([rng.choice([b"", b"ab", b"\0\xff"]) for _ in range(n)], dtype)
    elif dtype.kind in "Mm":
        ticks = [rng.choice([0, 1, 10**6, -5]) for _ in range(n)]
        array = np.array(ticks).astype(dtype)
        if n and rng.random() < 0.3:
            array[0] = np.array("NaT").astype(dtype)
    elif dtype.kind == "O":
        array = np.empty(n, dtype=object)
        for i in range(n):
            array[i] = rng.choice([1, "a", None, [1, 2], (3,), 2.5])
    elif dtype.names is None:  # raw bytes
        array = np.frombuffer(bytes(rng.randrange(256) for _ in range(8 * n)), dtype)
        array = array.copy()
    else:
        array = np.zeros(n, dtype=dtype)
        for name in dtype.names:
            array[name] = rng.random()
    array = array.reshape(shape)
    r = rng.random()
    if r < 0.2 and array.ndim == 2:
        return np.asfortranarray(array)
    if r < 0.4 and array.ndim >= 1 and array.shape[0] > 1:
        return array[::2]  # not contiguous
    if r < 0.5 and array.ndim == 2:
        return array.T
    return array


def assert_same_array(expected: Any, got: Any, where: str) -> None:
    if isinstance(got, np.memmap):
        got = np.array(got)
    assert type(got) is type(expected), where
    assert (got.dtype, got.shape) == (expected.dtype, expected.shape), where
    if expected.dtype.kind == "O":
        pairs = zip(expected.ravel(), got.ravel(), strict=True)
        assert all(a == b for a, b in pairs), where
    else:  # the very bytes: nan signs, -0.0, NaT, padding of raw records
        assert (
            np.ascontiguousarray(got).tobytes()
            == np.ascontiguousarray(expected).tobytes()
        ), where


@pytest.mark.parametrize("scoped", [False, True], ids=["flat", "scoped"])
def test_random_arrays_round_trip(tmp_path: Path, scoped: bool) -> None:
    for seed in range(120):
        rng = random.Random(seed)
        array = random_array(rng)
        where = f"seed {seed}: {array.dtype} {array.shape}"
        for threshold in (float("inf"), 0):
            archive = Archive(scoped=scoped, array_threshold=threshold)
            archive.insert(x=array)
            text = str(archive)
            loaded = persist.loads(text, archive.data)["x"]
            assert_same_array(array, loaded, f"{where}, loads")
            again = Archive(scoped=scoped, array_threshold=threshold)
            again.insert(x=loaded)
            assert str(again) == text, where
            if threshold == 0:
                data_format = rng.choice(["npy", "hdf5"])
                name = f"m{seed}_{data_format}"
                path = archive.save(tmp_path, name, False, data_format=data_format)
                for mmap in (False, True):
                    if mmap and array.dtype.kind == "O":
                        continue
                    got = persist.load(path, mmap=mmap)["x"]
                    assert_same_array(array, got, f"{where}, {data_format} {mmap=}")

"""Helpers for the saving and loading tests (test_save_*.py): the layouts and
formats to run, sample objects, saving them, and importing a saved archive in a
fresh interpreter.

``import_fresh`` blocks ``persist`` in the child (``sys.modules['persist'] =
None``) so a saved archive is shown to import with Python, numpy and h5py alone.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from diskutil import fresh_python
from persist import Archive

FORMATS = ["npy", "hdf5"]
LAYOUTS = [pytest.param(True, id="package"), pytest.param(False, id="module")]


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

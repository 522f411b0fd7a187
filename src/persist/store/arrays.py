"""The array stores: a directory of ``.npy`` files or one HDF5 file.

Both keep one entry per key (``x``, ``b_1``: keys come from where an array sits,
so changing one array rewrites one entry and renames nothing), and both read
back with exact dtype, shape and memory order, writable unless memory-mapped.

``loader_source`` is the code a saved module runs to read its own arrays with
nothing but numpy (and h5py for HDF5) installed; ``ArrayStore`` is the lazy
reader ``persist.load`` supplies instead, optionally memory-mapped.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from persist.emit.layout import Seq, render
from persist.errors import ArchiveError, LoadError
from persist.store.atomic import link_or_copy, write_stream

FORMATS = ("npy", "hdf5")
NPY = ".npy"
HDF5_SUFFIX = ".h5"
NPY_DTYPE = "npy_dtype"  # HDF5 attribute: the exact numpy dtype (npy descr)


def check_format(data_format: str) -> None:
    """Refuse unknown formats, and HDF5 without h5py, before anything is written."""
    if data_format == "npz":
        raise ArchiveError(
            "data_format='npz' (persist 3.2) is not written by this version: use "
            "'npy' (a directory of .npy files) or 'hdf5'; archives that 3.2 "
            "wrote with 'npz' still load"
        )
    if data_format not in FORMATS:
        raise ArchiveError(
            f"unknown data_format {data_format!r}: expected one of {', '.join(FORMATS)}"
        )
    if data_format == "hdf5":
        try:
            import h5py  # noqa: F401
        except ImportError as exc:
            raise ArchiveError("data_format='hdf5' needs the h5py package") from exc


def store_path(base: Path, data_format: str) -> Path:
    """Where a store lives: ``base`` (npy directory) or ``base.h5``."""
    return base if data_format == "npy" else base.with_name(base.name + HDF5_SUFFIX)


def npy_bytes(array: np.ndarray[Any, Any]) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def write_npy_dir(
    directory: Path, arrays: Mapping[str, Any], previous: Path | None
) -> bool:
    """Fill the empty ``directory`` with one ``key.npy`` per array; files equal to
    those in ``previous`` are hard-linked from it. True if anything differs."""
    directory.mkdir(parents=True, exist_ok=True)
    old_names: set[str] = set()
    changed = previous is None or not previous.is_dir()
    if previous is not None and not changed:
        old_names = {p.name for p in previous.iterdir() if p.suffix == NPY}
    for key, array in arrays.items():
        array = np.asanyarray(array)
        target = directory / (key + NPY)
        old = previous / (key + NPY) if previous is not None else None
        if old is not None and same_npy(old, array):
            link_or_copy(old, target)
        else:
            # straight from the array into the file: no copy in memory
            write_stream(target, npy_writer(array))
            changed = True
        old_names.discard(key + NPY)
    return changed or bool(old_names)


def npy_writer(array: np.ndarray[Any, Any]) -> Callable[[BinaryIO], None]:
    """What writes ``array`` to a file as ``.npy``: from the array straight
    into the file, with no copy in memory."""

    def write(handle: BinaryIO) -> None:
        np.save(handle, array, allow_pickle=False)

    return write


def same_npy(path: Path, array: np.ndarray[Any, Any]) -> bool:
    """Whether the ``.npy`` file at ``path`` holds exactly ``array`` (dtype,
    shape, order and bytes), read memory-mapped, without serializing ``array``."""
    try:
        size = path.stat().st_size
        if not 0 <= size - array.nbytes <= 65536:  # the header is small
            return False
        if array.dtype.hasobject:
            return False
        stored = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError):
        return False
    fortran = (
        array.ndim > 1 and array.flags.f_contiguous and not array.flags.c_contiguous
    )
    stored_fortran = (
        stored.ndim > 1 and stored.flags.f_contiguous and not stored.flags.c_contiguous
    )
    if (
        stored.dtype != array.dtype
        or stored.shape != array.shape
        or fortran != stored_fortran
    ):
        return False
    if fortran:  # compared along memory order: each chunk one span of the file
        array, stored = array.T, stored.T
    return all(
        _same_bytes(array[index], stored[index])
        for index in chunk_indices(array.shape, array.dtype.itemsize)
    )


CHUNK = 16 * 1024 * 1024  # bytes compared at a time


def chunk_indices(
    shape: tuple[int, ...], itemsize: int
) -> Iterator[tuple[int | slice, ...]]:
    """Indices that cut an array of ``shape`` into pieces of ``CHUNK`` bytes
    or less (but one element), along its first axes: indexing an array (or
    an HDF5 dataset) with them gives views, never copies, so comparing the
    pieces allocates a chunk at most and reads a memory map a chunk at a time."""
    pending: list[tuple[tuple[int | slice, ...], tuple[int, ...]]] = [((), shape)]
    while pending:
        index, rest = pending.pop()
        if not rest or itemsize * math.prod(rest) <= CHUNK:
            yield index
            continue
        rows = CHUNK // max(1, itemsize * math.prod(rest[1:]))
        if rows <= 1:  # one row at a time, itself cut
            pending.extend((index + (i,), rest[1:]) for i in reversed(range(rest[0])))
        else:
            pending.extend(
                (index + (slice(i, i + rows),), ())
                for i in reversed(range(0, rest[0], rows))
            )


def _same_bytes(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> bool:
    """Whether two pieces of one shape hold the same bytes (a chunk's copy
    at most)."""
    mine = np.ascontiguousarray(a).reshape(-1).view(np.uint8)
    theirs = np.ascontiguousarray(b).reshape(-1).view(np.uint8)
    return bool(np.array_equal(mine, theirs))


def _h5_same(path: Path, arrays: Mapping[str, Any]) -> bool:
    """Whether the HDF5 file at ``path`` holds exactly ``arrays``, compared a
    chunk (a dataset slice) at a time."""
    import h5py

    try:
        with h5py.File(path, "r") as file:
            if set(file.keys()) != set(arrays):
                return False
            for key, array in arrays.items():
                array = np.asanyarray(array)
                dataset = file[key]
                dtype = _h5_dtype(dataset)
                fortran = (
                    array.ndim > 1
                    and array.flags.f_contiguous
                    and not array.flags.c_contiguous
                )
                if (
                    dtype != array.dtype
                    or dataset.shape != array.shape
                    or fortran != (dataset.attrs.get("order") == "F")
                ):
                    return False
                for index in chunk_indices(array.shape, array.dtype.itemsize):
                    stored = np.asarray(dataset[index] if index else dataset[...])
                    if not _same_bytes(array[index], stored.view(dtype)):
                        return False
        return True
    except Exception:
        return False


def write_hdf5(path: Path, arrays: Mapping[str, Any]) -> bool:
    """Write one HDF5 file holding every array, atomically; False if unchanged."""
    import h5py

    if path.exists() and _h5_same(path, arrays):
        return False

    def fill(handle: Any) -> None:
        with h5py.File(handle, "w", track_order=True) as file:
            for key, array in arrays.items():
                array = np.asanyarray(array)
                fortran = (
                    array.ndim > 1
                    and array.flags.f_contiguous
                    and not array.flags.c_contiguous
                )
                data = np.asarray(array, order="C")  # keeps 0-d arrays 0-d
                # the exact numpy dtype goes beside the data: h5py reads some
                # types back with metadata attached, and cannot hold others
                npy_dtype = repr(np.lib.format.dtype_to_descr(data.dtype))
                if data.dtype.kind in "MmU":
                    data = data.view(h5py.opaque_dtype(data.dtype))
                elif data.dtype.names is not None and not _h5_native(data.dtype):
                    # records with datetime or unicode fields: raw bytes
                    data = data.view(np.dtype(f"V{data.dtype.itemsize}"))
                dataset = file.create_dataset(key, data=data)
                if fortran:
                    dataset.attrs["order"] = "F"
                dataset.attrs[NPY_DTYPE] = npy_dtype

    write_stream(path, fill)
    return True


def _h5_native(dtype: np.dtype[Any]) -> bool:
    """Whether h5py can store ``dtype`` as it is."""
    import h5py

    try:
        h5py.h5t.py_create(dtype)
    except TypeError:
        return False
    return True


def _h5_dtype(dataset: Any) -> np.dtype[Any]:
    """The numpy dtype a stored dataset is read back as."""
    from ast import literal_eval

    descr = dataset.attrs.get(NPY_DTYPE)
    if descr is None:
        return dataset.dtype  # type: ignore[no-any-return]
    return np.lib.format.descr_to_dtype(literal_eval(descr))


def _read_h5(dataset: Any) -> np.ndarray[Any, Any]:
    value = np.asarray(dataset[...])  # ([()] reads a 0-d one as a Python scalar)
    if NPY_DTYPE in dataset.attrs:
        value = value.view(_h5_dtype(dataset))
    if dataset.attrs.get("order") == "F":
        value = np.asfortranarray(value)
    return value


def _own_dataset(file: Any, key: str, location: Path) -> Any:
    """The dataset ``key`` of ``file``, whose data is in ``file`` itself. HDF5
    can also point elsewhere (a link to another file, external or virtual
    storage), which persist never writes: such an archive could make loading
    read any file the reader may read."""
    import h5py

    link = file.get(key, getlink=True)
    dataset = file[key] if isinstance(link, h5py.HardLink) else None
    if not isinstance(dataset, h5py.Dataset) or dataset.external or dataset.is_virtual:
        raise LoadError(
            f"{location}: array {key!r} is not data in this file (an HDF5 link,"
            " group, or external or virtual dataset): not read"
        )
    return dataset


def link_store(source: Path, destination: Path) -> None:
    """Reuse an unchanged store (a directory of files or one file) by hard links."""
    if source.is_dir():
        destination.mkdir()
        for item in source.iterdir():
            link_or_copy(item, destination / item.name)
    else:
        link_or_copy(source, destination)


_NPY_LOADER = """\
if {data!r} not in globals():

    def {data}():
        \"\"\"Read this archive's arrays from the .npy files beside it.\"\"\"
        from os.path import dirname, join

        from numpy import load

        folder = join(dirname(__file__), {folder!r})
        return {{key: load(join(folder, key + '.npy')) for key in {keys}}}

    {data} = {data}()
"""

_HDF5_LOADER = """\
if {data!r} not in globals():

    def {data}():
        \"\"\"Read this archive's arrays from the HDF5 file beside it.\"\"\"
        from ast import literal_eval
        from os.path import dirname, join

        from h5py import File
        from numpy import asarray, asfortranarray
        from numpy.lib.format import descr_to_dtype

        arrays = {{}}
        with File(join(dirname(__file__), {folder!r}), 'r') as file:
            for key in {keys}:
                value = asarray(file[key][...])
                if 'npy_dtype' in file[key].attrs:
                    dtype = literal_eval(file[key].attrs['npy_dtype'])
                    value = value.view(descr_to_dtype(dtype))
                fortran = file[key].attrs.get('order') == 'F'
                arrays[key] = asfortranarray(value) if fortran else value
        return arrays

    {data} = {data}()
"""


_KEYS = "\0keys\0"  # where the tuple of keys goes, while its line is measured


def loader_source(
    data_format: str,
    location: str,
    keys: list[str],
    data_name: str,
    line_length: int = 88,
) -> str:
    """Module code that binds ``data_name`` to this archive's arrays, unless the
    caller (``persist.load``) already supplied them. The tuple of keys is laid
    out like any literal of the archive: on its line if it fits, else one key
    per line (so adding an array adds a line)."""
    template = _NPY_LOADER if data_format == "npy" else _HDF5_LOADER
    text = template.format(data=data_name, folder=location, keys=_KEYS)
    at = text.index(_KEYS)
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.index("\n", at)
    line = text[line_start:line_end]
    indent = len(line) - len(line.lstrip(" "))
    doc = Seq.leaves("(", [repr(k) for k in keys], ")", one=len(keys) == 1)
    tail = line_end - at - len(_KEYS)
    laid_out = render(doc, at - line_start, indent, tail, line_length)
    return text.replace(_KEYS, laid_out)


# how the loaders name their store: a string literal joined to the module's
# directory, on a line of the loader's own (a string value of the archive that
# holds the same words is on a line of its own too, but never starts one). Its
# repr holds no escape: the location is made of identifier characters (in any
# script), '_', '/' and '.h5'.
_STORE_NAMED = re.compile(
    r"^[ \t]+(?:folder = |with File\()join\(dirname\(__file__\), '([^'\\\n]+)'\)",
    re.MULTILINE,
)


def store_named(text: str) -> str | None:
    """The store location that the array loader of the module ``text``
    (``loader_source``) names, or None when it has none."""
    found = _STORE_NAMED.search(text)
    return found.group(1) if found else None


class ArrayStore(Mapping[str, Any]):
    """Arrays of a saved archive, read on first access.

    With ``mmap``, ``.npy`` arrays and contiguous HDF5 datasets are
    memory-mapped read-only (opening is O(1) whatever their size); other HDF5
    datasets are read whole.
    """

    def __init__(self, location: Path, mmap: bool = False) -> None:
        self.location = Path(location)
        self.mmap = mmap
        self._cache: dict[str, Any] = {}

    @property
    def is_hdf5(self) -> bool:
        return self.location.suffix == HDF5_SUFFIX

    def _keys(self) -> list[str]:
        if self.is_hdf5:
            import h5py

            with h5py.File(self.location, "r") as file:
                return list(file.keys())
        if not self.location.is_dir():
            return []
        return sorted(p.stem for p in self.location.iterdir() if p.suffix == NPY)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def __getitem__(self, key: str) -> Any:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._read(key)
        return found

    def _read(self, key: str) -> Any:
        if self.is_hdf5:
            return self._read_hdf5(key)
        path = self.location / (key + NPY)
        if not path.exists():
            raise LoadError(
                f"{path}: array {key!r} is missing from the archive's store"
            )
        try:
            return np.load(
                path, mmap_mode="r" if self.mmap else None, allow_pickle=False
            )
        except Exception as exc:
            raise LoadError(f"{path}: cannot read array {key!r}: {exc}") from exc

    def _read_hdf5(self, key: str) -> Any:
        import h5py

        try:
            with h5py.File(self.location, "r") as file:
                if key not in file:
                    raise LoadError(f"{self.location}: array {key!r} is missing")
                dataset = _own_dataset(file, key, self.location)
                offset = dataset.id.get_offset() if self.mmap else None
                if offset is not None and dataset.dtype.kind not in "O":
                    order = "F" if dataset.attrs.get("order") == "F" else "C"
                    array = np.memmap(
                        self.location,
                        dtype=_h5_dtype(dataset),
                        mode="r",
                        offset=offset,
                        shape=dataset.shape,
                    )
                    if order == "C":
                        return array
                    # stored in C order: a Fortran-order copy (read whole)
                    value = np.asfortranarray(array)
                else:
                    value = _read_h5(dataset)
                if self.mmap:  # read whole (empty, chunked, Fortran): read-only too
                    value.flags.writeable = False
                return value
        except LoadError:
            raise
        except Exception as exc:
            raise LoadError(
                f"{self.location}: cannot read array {key!r}: {exc}"
            ) from exc

"""Round trips of scipy.sparse matrices and of numpy arrays, scalars and dtypes,
in both styles, with exact types and values; arrays both inline and external
(in the archive's ``data``). Also: the array threshold counts elements, and
loaded arrays are writable.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

from persist.archive import Archive
from structure import assert_same_structure
from type_cases import STYLES, Plain, cases, round_trip, run, same_sparse

SPARSE = cases(
    **{
        f"{fmt}_{kind}": (
            lambda fmt=fmt, kind=kind: getattr(sp, f"{fmt}_{kind}")(
                np.arange(16.0).reshape(4, 4) * (np.arange(16).reshape(4, 4) % 3 == 0)
            ),
            same_sparse,
        )
        for fmt in ("csr", "csc", "coo", "lil", "dok", "dia")
        for kind in ("matrix", "array")
    },
    bsr_matrix=(lambda: sp.bsr_matrix(np.eye(4), blocksize=(2, 2)), same_sparse),
)


@pytest.mark.parametrize("threshold", [None, 0], ids=["inline", "external"])
@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), SPARSE)
def test_scipy_sparse(
    make: Callable[[], Any], check: Any, scoped: bool, threshold: float | None
) -> None:
    obj = make()
    loaded, text = round_trip(obj, scoped, threshold)
    check(obj, loaded)
    assert ("_arrays[" in text) == (threshold == 0)


# -- numpy ---------------------------------------------------------------------
def _structured() -> np.ndarray:
    dtype = np.dtype(
        [("a", "i4"), ("b", "f8"), ("c", "S2"), ("d", "U3"), ("e", "M8[D]")]
    )
    return np.array(
        [(1, 2.5, b"x", "\u2603", "2020-01-01"), (-3, -0.0, b"", "", "NaT")],
        dtype=dtype,
    )


def _big_endian_fortran() -> np.ndarray:
    return np.asfortranarray(np.arange(6).reshape(2, 3)).astype(">i4", order="K")


_INNER = np.dtype([("c", "i1"), ("d", "i4")], align=True)
PADDED_DTYPES = [
    np.dtype([("a", "i1"), ("b", "i8")], align=True),
    np.dtype([("a", "i4"), ("b", "i4")], align=True),  # aligned, no padding
    np.dtype({"names": ["a", "b"], "formats": ["i1", "i8"], "offsets": [0, 8]}),
    np.dtype({"names": ["a"], "formats": ["i2"], "itemsize": 8}),
    np.dtype({"names": ["b", "a"], "formats": ["i8", "i1"], "offsets": [8, 0]}),
    np.dtype([("x", _INNER), ("y", "i1"), ("z", _INNER, (2,))]),
    np.dtype({"names": ["a"], "formats": ["i4"], "titles": ["A"], "itemsize": 8}),
]


def same_layout(x: Any, y: Any) -> None:
    """Same values, and the same dtypes down to what ``==`` leaves out: an
    aligned struct's flag, at every level."""
    assert_same_structure(x, y)
    pairs = [(x, y)] if isinstance(x, np.dtype) else [(x.dtype, y.dtype)]
    while pairs:
        a, b = pairs.pop()
        assert (a.isalignedstruct, a.itemsize) == (b.isalignedstruct, b.itemsize)
        if a.subdtype is not None:
            pairs.append((a.subdtype[0], b.subdtype[0]))
        for name in a.names or ():
            assert a.fields[name][1:] == b.fields[name][1:]  # offset, title
            pairs.append((a.fields[name][0], b.fields[name][0]))


def _with_nan_payloads(dtype: str, shape: tuple[int, ...] = (4,)) -> np.ndarray:
    """An array with NaNs whose bits text cannot spell: with a payload, of
    either sign, and a signalling one."""
    array = np.zeros(shape, dtype)
    part = array.real.dtype.newbyteorder("=")
    uint = f"u{part.itemsize}"
    quiet = int(np.array(np.nan, part).view(uint))
    sign = 1 << (8 * part.itemsize - 1)
    signalling = (quiet & ~(1 << (np.finfo(part).nmant - 1))) | 1
    nans = np.array([quiet | 0x23, quiet | 0x5 | sign, signalling], uint).view(part)
    flat = array.reshape(-1)  # (a view)
    flat.real[[1, 2, -1]] = nans
    if array.dtype.kind == "c":
        flat.imag[0] = nans[0]
    return array


def same_bits(x: np.ndarray, y: np.ndarray) -> None:
    assert_same_structure(x, y)
    assert x.tobytes(order="A") == y.tobytes(order="A")


ARRAYS = cases(
    bool_=lambda: np.array([True, False, True]),
    int8=lambda: np.array([-128, 0, 127], dtype="i1"),
    uint64=lambda: np.array([0, 2**64 - 1], dtype="u8"),
    int64=lambda: np.arange(5),
    float16=lambda: np.array([1.5, np.nan, -0.0, np.inf, 65504], dtype="f2"),
    float32=lambda: np.array([0.1, -0.0, np.float32(1) / 3], dtype="f4"),
    float64=lambda: np.array([0.1, np.nan, -np.inf, -0.0, 5e-324]),
    longdouble=lambda: np.array(
        [np.longdouble(1) / 3, np.nan, -np.inf, -0.0], dtype=np.longdouble
    ),
    complex64=lambda: np.array([1 + 2j, complex(-0.0, np.nan)], dtype="c8"),
    complex128=lambda: np.array([1j, complex(np.inf, -0.0), complex(-0.0, 0.1)]),
    clongdouble_exact_in_double=lambda: np.array(
        [1 + 0.5j, complex(np.nan, -0.0)], dtype=np.clongdouble
    ),
    datetime64_day=lambda: np.array(["2020-01-01", "NaT", "1969-12-31"], dtype="M8[D]"),
    datetime64_ns=lambda: np.array(["2020-01-01T00:00:00.123456789"], dtype="M8[ns]"),
    datetime64_multiple=lambda: np.array([0, 5], dtype="M8[10s]"),
    datetime64_generic=lambda: np.array(["NaT"], dtype="M8"),
    timedelta64=lambda: np.array([1, -2, "NaT"], dtype="m8[s]"),
    unicode=lambda: np.array(["a", "\u2603", "", "\U0001f600"], dtype="U3"),
    bytes_=lambda: np.array([b"a\x00", b"", b"\xff"], dtype="S2"),
    void=lambda: np.zeros(2, dtype="V3"),
    structured=_structured,
    nested_structured=lambda: np.zeros(
        2, dtype=[("a", "i4", (2,)), ("b", [("c", "f4"), ("d", "?")])]
    ),
    zero_d=lambda: np.array(5),
    zero_d_float=lambda: np.array(-0.0),
    zero_d_str=lambda: np.array("x"),
    two_d=lambda: np.arange(6).reshape(2, 3),
    three_d=lambda: np.arange(24.0).reshape(2, 3, 4),
    fortran=lambda: np.asfortranarray(np.arange(6).reshape(2, 3)),
    big_endian=lambda: np.array([1, 256], dtype=">i4"),
    big_endian_float=lambda: np.array([1.5, -0.0], dtype=">f8"),
    big_endian_fortran=_big_endian_fortran,
    little_endian_explicit=lambda: np.array([1], dtype="<i2"),
    empty=lambda: np.zeros((0, 3)),
    empty_structured=lambda: np.zeros(0, dtype=[("a", "i4")]),
    non_contiguous=lambda: np.arange(10)[::2],
    read_only_source=lambda: np.frombuffer(b"\x01\x02", dtype="u1"),
    object_=lambda: np.array([1, "a", None, [1], (2,)], dtype=object),
    object_2d=lambda: np.array([[1, 2], [3, Plain(v=4)]], dtype=object),
    object_fortran=lambda: np.asfortranarray(
        np.array([[1, None], [2, "a"]], dtype=object)
    ),
    object_0d=lambda: np.array(None, dtype=object),
    object_empty=lambda: np.empty((0, 2), dtype=object),
    structured_with_object_field=lambda: np.array(
        [([1], 2), ("x", 3)], dtype=[("a", "O"), ("b", "i4")]
    ),
    **{
        f"nan_payloads_{dtype}": (lambda d=dtype: _with_nan_payloads(d), same_bits)
        for dtype in ("<f8", ">f8", "<f4", "<f2", "<c16", "<c8")
    },
    nan_payloads_fortran=(
        lambda: np.asfortranarray(_with_nan_payloads("<f8", (2, 3))),
        same_bits,
    ),
    **{
        f"padded_struct_{i}": (lambda d=dtype: np.ones(2, d), same_layout)
        for i, dtype in enumerate(PADDED_DTYPES)
    },
    padded_struct_with_object_field=(
        lambda: np.array(
            [([1], 2)], dtype=np.dtype([("a", "O"), ("b", "i1")], align=True)
        ),
        same_layout,
    ),
)


@pytest.mark.parametrize("threshold", [None, 0], ids=["inline", "external"])
@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), ARRAYS)
def test_numpy_arrays(
    make: Callable[[], Any], check: Any, scoped: bool, threshold: float | None
) -> None:
    obj = make()
    loaded, text = round_trip(obj, scoped, threshold)
    check(obj, loaded)  # also checks that the loaded array is writable
    external = "_arrays[" in text
    assert external == (threshold == 0 and obj.size > 0 and not obj.dtype.hasobject)


@pytest.mark.parametrize(
    "threshold",
    [
        pytest.param(None, id="inline"),
        pytest.param(0, id="external"),
    ],
)
@pytest.mark.parametrize("scoped", STYLES)
def test_complex_long_double_keeps_its_precision(
    scoped: bool, threshold: float | None
) -> None:
    obj = np.array([np.clongdouble(1) / 3 + 1j], dtype=np.clongdouble)
    loaded, _ = round_trip(obj, scoped, threshold)
    assert_same_structure(obj, loaded)


@pytest.mark.parametrize("scoped", STYLES)
def test_array_threshold_counts_elements(scoped: bool) -> None:
    small, big = np.arange(5), np.arange(6).reshape(2, 3)
    archive = Archive(scoped=scoped, array_threshold=5)
    archive.insert(small=small, big=big, objects=np.array([None] * 9, dtype=object))
    text = str(archive)
    assert list(archive.data) == ["big"]
    assert "_arrays['big']" in text
    namespace = run(text, archive.data)
    assert_same_structure([small, big], [namespace["small"], namespace["big"]])


@pytest.mark.parametrize("threshold", [None, 0], ids=["inline", "external"])
@pytest.mark.parametrize("scoped", STYLES)
def test_loaded_arrays_are_writable(scoped: bool, threshold: float | None) -> None:
    obj = [np.arange(3), np.zeros((2, 2), order="F"), np.array(1.5), np.array(["a"])]
    loaded, _ = round_trip(obj, scoped, threshold)
    for array in loaded:
        assert array.flags.writeable
        array[...] = array.flat[
            0
        ]  # (a read-only array raises)  # raises on a read-only array


SCALARS = cases(
    scalars=lambda: [
        np.float64(1.5),
        np.float64("nan"),
        np.float64(-0.0),
        np.float32(0.1),
        np.float16(0.5),
        np.longdouble(1) / 3,
        np.int8(-3),
        np.uint64(2**64 - 1),
        np.bool_(True),
        np.complex64(1 + 1j),
        np.complex128(complex(-0.0, math.inf)),
        np.datetime64("2020-01-01"),
        np.datetime64("2020-01-01T01:02:03.5", "ms"),
        np.datetime64("NaT"),
        np.timedelta64(5, "ms"),
        np.timedelta64(3, "10s"),
        np.str_("a\u2603"),
        np.bytes_(b"a\x00"),
    ],
    strings_with_trailing_nul=lambda: [
        np.bytes_(b"a\x00"),
        np.str_("a\x00"),
        np.bytes_(b""),
    ],
    clongdouble_scalar=lambda: np.clongdouble(1) / 3 - 2j,
    structured_scalar=lambda: np.array([(1, 2.5)], dtype=[("a", "i4"), ("b", "f8")])[0],
    raw_void_scalar=lambda: np.void(b"\x00ab"),
    **{
        f"padded_dtype_{i}": (lambda d=dtype: d, same_layout)
        for i, dtype in enumerate(PADDED_DTYPES)
    },
    padded_struct_scalar=(lambda: np.ones(1, PADDED_DTYPES[0])[0], same_layout),
    dtypes=lambda: [
        np.dtype("f8"),
        np.dtype(">i4"),
        np.dtype("<f2"),
        np.dtype(np.longdouble),
        np.dtype([("a", "i4"), ("b", "U2")]),
        np.dtype("U3"),
        np.dtype("S0"),
        np.dtype("M8[D]"),
        np.dtype("m8[10s]"),
        np.dtype(object),
        np.dtype("V3"),
        np.dtype(("i4", (2,))),  # a subarray dtype
        np.dtype(([("a", ">f4")], (2, 3))),
    ],
)


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), SCALARS)
def test_numpy_scalars_and_dtypes(
    make: Callable[[], Any], check: Any, scoped: bool
) -> None:
    obj = make()
    loaded, _ = round_trip(obj, scoped)
    check(obj, loaded)


def _same_subclass_array(x: Any, y: Any) -> None:
    assert type(y) is type(x)
    assert y.dtype == x.dtype and y.shape == x.shape
    assert np.array_equal(np.asarray(y), np.asarray(x))
    if isinstance(x, np.ma.MaskedArray):
        assert np.array_equal(np.ma.getmaskarray(y), np.ma.getmaskarray(x))
        assert type(y.data) is type(x.data)
        assert (y.hardmask, repr(y.fill_value)) == (x.hardmask, repr(x.fill_value))


SUBCLASSES = cases(
    recarray=(
        lambda: np.rec.array(np.arange(12.0).view([("p", "f8"), ("q", "f8")])),
        _same_subclass_array,
    ),
    matrix=(lambda: np.arange(12).reshape(3, 4).view(np.matrix), _same_subclass_array),
    masked=(
        lambda: np.ma.array(np.arange(20.0), mask=np.arange(20) % 3 == 0),
        _same_subclass_array,
    ),
    masked_nomask=(
        lambda: np.ma.array(np.arange(20.0), fill_value=-1.0),
        _same_subclass_array,
    ),
    # the default fill value is made again, not given: given, 'N/A' was cut
    # to the dtype ('N/'), and a long double's came back as another type
    masked_text=(
        lambda: np.ma.array(["a", "cc"] * 10, mask=[0, 1] * 10),
        _same_subclass_array,
    ),
    masked_long_double=(
        lambda: np.ma.array(np.arange(20, dtype=np.longdouble), mask=[0, 1] * 10),
        _same_subclass_array,
    ),
    masked_hard=(
        lambda: np.ma.array(np.arange(20), mask=[1, 0] * 10, hard_mask=True),
        _same_subclass_array,
    ),
    masked_matrix=(
        lambda: np.ma.array(
            np.arange(20).reshape(1, 20).view(np.matrix), mask=[[0, 1] * 10]
        ),
        _same_subclass_array,
    ),
)


@pytest.mark.parametrize("threshold", [None, 0], ids=["inline", "external"])
@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), SUBCLASSES)
def test_array_subclasses_keep_their_class_and_go_external(
    make: Callable[[], Any], check: Any, scoped: bool, threshold: float | None
) -> None:
    """They went through the pickle protocol: written as a bytes literal
    however large, with an import of a private numpy module
    (``numpy._core.multiarray._reconstruct``, absent before numpy 2)."""
    obj = make()
    loaded, text = round_trip(obj, scoped, threshold)
    check(obj, loaded)
    assert "_core" not in text and "b'" not in text, text
    assert ("_arrays[" in text) == (threshold == 0), text


@pytest.mark.parametrize("threshold", [None, 0], ids=["inline", "external"])
def test_a_memory_map_is_archived_as_the_array_it_views(
    tmp_path: Path, threshold: float | None
) -> None:
    mapped = np.memmap(tmp_path / "m.dat", dtype="f8", mode="w+", shape=(100,))
    mapped[:] = np.arange(100)
    archive = Archive(array_threshold=threshold)
    archive.insert(x=mapped)
    text = str(archive)
    assert "memmap" not in text and "b'" not in text, text
    assert ("_arrays[" in text) == (threshold == 0), text
    loaded = run(text, archive.data)["x"]
    assert type(loaded) is np.ndarray and np.array_equal(loaded, np.arange(100))

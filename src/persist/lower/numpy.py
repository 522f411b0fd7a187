"""Reducers for numpy arrays, scalars and dtypes.

    np.arange(3)            -> array([0, 1, 2], dtype='int64')
    np.float32(0.5)         -> float32(0.5)
    big array               -> External(array)      (written as _arrays['key'])

Array data is written through ``tolist()``, which is exact for every numeric
dtype (float32 values are exact float64 values); datetimes are written as ISO
strings, long doubles as shortest round-trip strings. Object arrays are built
empty and filled element by element, so their elements may be anything.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from persist.ir.nodes import (
    ATOM_TYPES,
    Build,
    Call,
    Container,
    External,
    Node,
    NodeId,
    Run,
    Step,
)
from persist.lower.core import Lowerer, unarchivable
from persist.lower.registry import reducer

_LONG = {np.dtype(np.longdouble).char, np.dtype(np.clongdouble).char}


def dtype_spec(dtype: np.dtype[Any]) -> Any:
    """A plain value ``np.dtype(spec) == dtype`` that reads well: a name such as
    ``'float64'`` where it is exact, else the type string or the field list,
    else (padding, alignment, fields out of order) the field dict."""
    if dtype.fields is None and dtype.subdtype is None:
        name = dtype.name
        if dtype.isnative and dtype.kind not in "USV":
            try:
                if np.dtype(name) == dtype:
                    return name
            except TypeError:
                pass
        return dtype.str
    if dtype.fields is None:  # a subarray dtype: (base, shape); the base is never one
        base, shape = dtype.subdtype  # type: ignore[misc]
        return (dtype_spec(base), shape)
    spec: Any = _field_list(dtype)
    if spec is None:
        spec = _field_dict(dtype)
        if not _same_dtype(np.dtype(spec), dtype):
            raise ValueError(f"dtype {dtype!r} has no plain spelling")
    return spec


def _field_list(dtype: np.dtype[Any]) -> list[Any] | None:
    """``[('a', '<i4'), ...]``, if it makes the same dtype: the fields packed
    in order, the struct not aligned."""
    try:
        spec = dtype.descr
    except ValueError:  # fields that overlap or are out of order
        return None
    return spec if _same_dtype(np.dtype(spec), dtype) else None


def _field_dict(dtype: np.dtype[Any]) -> dict[str, Any]:
    """``{'names': [...], 'formats': [...], 'offsets': [...], 'itemsize': n}``,
    with ``'aligned': True`` for an aligned struct and the titles if any:
    every field where it sits, the padding between them kept."""
    fields: Any = dtype.fields  # name -> (dtype, offset) or (dtype, offset, title)
    names = list(dtype.names or ())
    spec: dict[str, Any] = {
        "names": names,
        "formats": [dtype_spec(fields[name][0]) for name in names],
        "offsets": [fields[name][1] for name in names],
        "itemsize": dtype.itemsize,
    }
    titles = [fields[name][2] if len(fields[name]) > 2 else None for name in names]
    if any(title is not None for title in titles):
        spec["titles"] = titles
    if dtype.isalignedstruct:
        spec["aligned"] = True
    return spec


def _same_dtype(made: np.dtype[Any], dtype: np.dtype[Any]) -> bool:
    """``made == dtype``, and aligned where ``dtype`` is, at every level (numpy's
    equality ignores alignment)."""
    if made != dtype or made.isalignedstruct != dtype.isalignedstruct:
        return False
    if dtype.subdtype is not None:
        return _same_dtype(made.subdtype[0], dtype.subdtype[0])  # type: ignore[index]
    if dtype.fields is None or made.fields is None:
        return True
    fields, made_fields = dtype.fields, made.fields
    return all(_same_dtype(made_fields[n][0], fields[n][0]) for n in fields)


def _dtype_node(dtype: np.dtype[Any], ctx: Lowerer) -> NodeId:
    if dtype.fields is None and dtype.subdtype is None:
        spec = _plain_specs.get(dtype)
        if spec is None:
            spec = dtype_spec(dtype)
            if len(_plain_specs) < 256:
                _plain_specs[dtype] = spec
        return ctx.text(spec, ".dtype")
    return ctx.ref(dtype_spec(dtype), ".dtype")


# dtype -> its name, for dtypes without fields (equal dtypes spell the same)
_plain_specs: dict[np.dtype[Any], str] = {}


def _data(obj: np.ndarray[Any, Any]) -> Any:
    kind = obj.dtype.kind
    if kind == "M":
        unit = np.datetime_data(obj.dtype)[0]
        return np.datetime_as_string(obj, unit=unit).tolist()  # type: ignore[call-overload]
    if kind == "m":
        return obj.astype(np.int64).tolist()
    if obj.dtype.char in _LONG:
        return _long_strings(obj)
    return obj.tolist()


def _long_strings(obj: np.ndarray[Any, Any]) -> Any:
    """Shortest round-trip strings of real long doubles, nested as ``obj``."""
    texts = [np.format_float_scientific(x, unique=True) for x in obj.ravel()]
    return np.array(texts, dtype=object).reshape(obj.shape).tolist()


def _complex_long(obj: np.ndarray[Any, Any], ctx: Lowerer) -> Build:
    """Complex long doubles by their parts, each a long double string: numpy
    parses a complex string at double precision, and a safe load allows
    no ``view`` of a long double array as complex."""
    part = dtype_spec(obj.real.dtype)
    parts = [("re", obj.real), ("im", obj.imag)]
    return _through_fields(
        obj, [(name, part, _long_strings(values)) for name, values in parts], ctx
    )


@reducer(np.ndarray)
def reduce_ndarray(obj: np.ndarray[Any, Any], ctx: Lowerer) -> Node:
    if obj.size > ctx.options.array_threshold and not obj.dtype.hasobject:
        return External(obj)
    if obj.dtype.hasobject:
        return _object_array(obj, ctx)
    if obj.dtype.kind == "c" and obj.dtype.char in _LONG and obj.size:
        return _complex_long(obj, ctx)
    dtype = _dtype_node(obj.dtype, ctx)
    if obj.size == 0:
        return Call(
            ctx.global_ref("numpy", "zeros"),
            (ctx.ref(tuple(obj.shape), ".shape"),),
            (("dtype", dtype),),
        )
    kwargs: tuple[tuple[str, NodeId], ...] = (("dtype", dtype),)
    if obj.ndim > 1 and obj.flags.f_contiguous and not obj.flags.c_contiguous:
        kwargs += (("order", ctx.text("F")),)
    if obj.dtype.kind in "fc" and obj.dtype.char not in _LONG and _odd_nans(obj):
        return _from_bits(obj, ctx)
    data = _data(obj)
    if type(data) is list and set(map(type, data)) <= ATOM_TYPES:
        # a flat array's fresh list: its Run now (as reduce_list would make it)
        data_id = ctx.add(Run("list", tuple(data)), "(data)")
    else:
        data_id = ctx.ref(data, "(data)")
    return Call(ctx.global_ref("numpy", "array"), (data_id,), kwargs)


@reducer(np.memmap)
def reduce_memmap(obj: np.memmap[Any, Any], ctx: Lowerer) -> Node:
    """The plain array a memory map views (external when large): a map is how
    a loaded array comes back with ``mmap=True``, and saving it again must
    write its data, not a map of a file that the save may replace."""
    return reduce_ndarray(np.asarray(obj), ctx)


@reducer(np.recarray, np.matrix)
def reduce_array_view(obj: np.ndarray[Any, Any], ctx: Lowerer) -> Node:
    """A record array or a matrix: its data as a plain array (external when
    large), viewed as its class: ``x = _arrays['x'].view(recarray)``."""
    base = ctx.ref(obj.view(np.ndarray), "(data)")
    view = ctx.attribute(base, "view")
    return Call(view, (ctx.global_ref("numpy", type(obj).__name__),))


@reducer(np.ma.MaskedArray)
def reduce_masked(obj: np.ma.MaskedArray[Any, Any], ctx: Lowerer) -> Node:
    """``MaskedArray(data, mask=mask, ...)``, data and mask arrays (each
    external when large): the data of its own class (a matrix's stays one),
    ``fill_value`` unless it is the dtype's default (which the load makes
    again; given, it would be cut to the dtype: ``'N/A'`` for ``<U2`` is
    ``'N/'``), and ``hard_mask``."""
    mask = np.ma.getmask(obj)
    kwargs = [
        ("mask", ctx.ref(mask if mask is np.ma.nomask else np.asarray(mask), ".mask"))
    ]
    fill = obj._fill_value  # type: ignore[attr-defined]  # (.fill_value sets it)
    if fill is not None and not _is_default_fill(fill, obj.dtype):
        kwargs.append(("fill_value", ctx.ref(fill[()], ".fill_value")))
    if obj.hardmask:
        kwargs.append(("hard_mask", ctx.ref(True, ".hardmask")))
    data = ctx.ref(obj.data, ".data")
    return Call(ctx.global_ref("numpy.ma", "MaskedArray"), (data,), tuple(kwargs))


def _is_default_fill(fill: Any, dtype: np.dtype[Any]) -> bool:
    """Whether a masked array's ``fill`` is what numpy gives its ``dtype`` by
    default (compared by value: never a NaN; a long double's padding bytes
    are whatever memory held)."""
    default = np.ma.default_fill_value(np.empty(0, dtype))
    try:
        return bool(np.all(np.asarray(fill, dtype) == np.asarray(default, dtype)))
    except (TypeError, ValueError):
        return False


def _odd_nans(obj: np.ndarray[Any, Any]) -> bool:
    """Whether a NaN of ``obj`` (a float or complex array, not long double) has
    bits that ``float('nan')`` or its negation would not give back: a payload,
    a signalling NaN."""
    for part in (obj.real, obj.imag) if obj.dtype.kind == "c" else (obj,):
        nans = part[np.isnan(part)]
        if nans.size:
            native = nans.astype(nans.dtype.newbyteorder("="))
            bits = np.copysign(native, 1).view(f"u{native.itemsize}")
            if np.any(bits != np.array(np.nan, native.dtype).view(bits.dtype)):
                return True
    return False


def _from_bits(obj: np.ndarray[Any, Any], ctx: Lowerer) -> Build:
    """A float or complex array written as its bits, which keep what text
    cannot (a NaN's payload):

        _x = zeros((2,), dtype=('float64', {'names': ['bits'], 'formats': ['uint64']}))
        _x['bits'] = [4607182418800017408, 9221120237041090851]
    """
    complex_ = obj.dtype.kind == "c"
    size = obj.dtype.itemsize // 2 if complex_ else obj.dtype.itemsize
    uint = np.dtype(f"u{size}").newbyteorder(obj.dtype.byteorder)
    bits = np.ravel(obj).view(uint).reshape(obj.shape + ((2,) if complex_ else ()))
    spec = dtype_spec(uint)
    field = (spec, (2,)) if complex_ else spec
    return _through_fields(obj, [("bits", field, bits.tolist())], ctx)


def _through_fields(
    obj: np.ndarray[Any, Any], fields: list[tuple[str, Any, Any]], ctx: Lowerer
) -> Build:
    """``obj`` made empty, then given the values of an array of its dtype with
    ``fields`` (``(name, format, value)``) laid over it: what numpy's
    constructors cannot spell (bits, the parts of a complex long double),
    with them and item assignments only, which a safe load allows.

        _x = zeros(shape, dtype=('complex256', {'names': ['re', 'im'], ...}))
        _x['re'] = ...
        _x['im'] = ...
        x = zeros(shape, dtype='complex256')
        x[...] = _x
    """
    zeros = ctx.global_ref("numpy", "zeros")
    shape = ctx.ref(tuple(obj.shape), ".shape")
    names = [name for name, _, _ in fields]
    formats = [spec for _, spec, _ in fields]
    overlay = (dtype_spec(obj.dtype), {"names": names, "formats": formats})
    empty = Call(zeros, (shape,), (("dtype", ctx.ref(overlay, ".dtype")),))
    steps = tuple(
        Step("setitem", ctx.text(name), ctx.ref(value, f"[{name!r}]"))
        for name, _, value in fields
    )
    parts = ctx.add(Build(ctx.add(empty), steps), "(fields)")
    kwargs: tuple[tuple[str, NodeId], ...] = (("dtype", _dtype_node(obj.dtype, ctx)),)
    if obj.ndim > 1 and obj.flags.f_contiguous and not obj.flags.c_contiguous:
        kwargs += (("order", ctx.text("F")),)
    copy = Step("setitem", ctx.atom(...), parts)
    return Build(ctx.add(Call(zeros, (shape,), kwargs)), (copy,))


def _object_array(obj: np.ndarray[Any, Any], ctx: Lowerer) -> Node:
    structured = obj.dtype.fields is not None
    dtype = (
        _dtype_node(obj.dtype, ctx)
        if structured
        else ctx.global_ref("builtins", "object")
    )
    kwargs: tuple[tuple[str, NodeId], ...] = (("dtype", dtype),)
    if obj.ndim > 1 and obj.flags.f_contiguous and not obj.flags.c_contiguous:
        kwargs += (("order", ctx.text("F")),)
    empty = ctx.add(
        Call(
            ctx.global_ref("numpy", "empty"),
            (ctx.ref(tuple(obj.shape), ".shape"),),
            kwargs,
        )
    )
    steps = []
    for index in np.ndindex(*obj.shape):
        label = "[" + ", ".join(map(str, index)) + "]"
        key = index[0] if len(index) == 1 else index
        element = obj[index].item() if structured else obj[index]  # a record: its tuple
        steps.append(Step("setitem", ctx.ref(key, "<index>"), ctx.ref(element, label)))
    return Build(empty, tuple(steps))


@reducer(np.generic, subclasses=True)
def reduce_scalar(obj: np.generic, ctx: Lowerer) -> Node:
    tp = type(obj)
    name = tp.__name__
    if tp.__module__ != "numpy" or getattr(np, name, None) is not tp:
        raise unarchivable(ctx, obj, "numpy scalar type is not importable from numpy")
    func = ctx.global_ref("numpy", name)
    kind = obj.dtype.kind
    if kind in "Mm":
        unit, count = np.datetime_data(obj.dtype)  # type: ignore[arg-type]
        value: Any = str(obj) if kind == "M" else int(obj.astype(np.int64))
        spec = unit if count == 1 else f"{count}{unit}"
        return Call(func, (ctx.atom(value), ctx.atom(spec)))
    if obj.dtype.char in _LONG:
        if kind == "c":  # clongdouble(x), x a 0-d array made as above
            return Call(func, (ctx.add(_complex_long(np.asarray(obj), ctx)),))
        return Call(func, (ctx.atom(_long_strings(np.asarray(obj))),))
    if kind == "V":  # a record (or raw bytes): numpy.void(value, dtype=...)
        raw = obj.dtype.fields is None
        value = bytes(obj) if raw else obj.item()  # type: ignore[call-overload]
        return Call(
            func,
            (ctx.ref(value, "(value)"),),
            (("dtype", _dtype_node(obj.dtype, ctx)),),
        )
    value = obj.item()
    if kind in "SU":  # item() (and str()) strip trailing NULs
        value = bytes(obj) if kind == "S" else str.__str__(obj)  # type: ignore[call-overload]
    return Call(func, (ctx.ref(value, "(value)"),))


@reducer(np.dtype, subclasses=True)
def reduce_dtype(obj: np.dtype[Any], ctx: Lowerer) -> Node:
    return Call(ctx.global_ref("numpy", "dtype"), (_dtype_node(obj, ctx),))


_ = Container  # used by other reducers through ctx.add

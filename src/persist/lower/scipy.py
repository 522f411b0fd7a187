"""Reducers for scipy.sparse matrices and arrays, registered by name so that
scipy is imported only when such an object is archived.

    csr_matrix((data, indices, indptr), shape=(3, 4))
    coo_array((data, (row, col)), shape=(3, 4))
    dia_matrix((data, offsets), shape=(3, 4))

The parts are ordinary numpy arrays, so large ones go to the array store.
Other formats (lil, dok) are converted through COO on load: ``lil_matrix(coo)``.
"""

from __future__ import annotations

from typing import Any

from persist.ir.nodes import Call, Container, Node
from persist.lower.core import Lowerer
from persist.lower.registry import reducer_by_name

_COMPRESSED = ("csr", "csc", "bsr")
_ALL = ("csr", "csc", "bsr", "coo", "dia", "lil", "dok")


def _names() -> list[str]:
    return [
        f"scipy.sparse._{fmt}.{fmt}_{kind}"
        for fmt in _ALL
        for kind in ("matrix", "array")
    ]


def _tuple(ctx: Lowerer, *ids: int) -> int:
    return ctx.add(Container("tuple", ids))


@reducer_by_name(*_names())
def reduce_sparse(obj: Any, ctx: Lowerer) -> Node:
    cls = type(obj)
    fmt = obj.format
    shape = (("shape", ctx.ref(tuple(obj.shape), ".shape")),)
    if fmt in _COMPRESSED:
        parts = _tuple(
            ctx,
            ctx.ref(obj.data, ".data"),
            ctx.ref(obj.indices, ".indices"),
            ctx.ref(obj.indptr, ".indptr"),
        )
    elif fmt == "dia":
        parts = _tuple(
            ctx, ctx.ref(obj.data, ".data"), ctx.ref(obj.offsets, ".offsets")
        )
    else:
        coo = obj if fmt == "coo" else obj.tocoo()
        where = _tuple(ctx, ctx.ref(coo.row, ".row"), ctx.ref(coo.col, ".col"))
        parts = _tuple(ctx, ctx.ref(coo.data, ".data"), where)
        if fmt != "coo":
            coo_cls = "coo_array" if cls.__name__.endswith("_array") else "coo_matrix"
            inner = ctx.add(
                Call(ctx.global_ref("scipy.sparse", coo_cls), (parts,), shape)
            )
            return Call(ctx.global_ref("scipy.sparse", cls.__name__), (inner,))
    return Call(ctx.global_ref("scipy.sparse", cls.__name__), (parts,), shape)

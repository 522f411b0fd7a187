"""Build hook: the compiler's hot modules compiled to C by mypyc, on request.

    python -m pip install -e .                      # pure Python (the default)
    PERSIST_COMPILE=1 python -m pip wheel --no-build-isolation --no-deps -w dist .

The default build is pure Python, so an edited source file takes effect at
once. ``PERSIST_COMPILE=1`` compiles ``COMPILED`` with mypyc (it needs mypy,
setuptools, wheel and a C compiler; the ``test`` extra installs mypy and
setuptools, enough for ``setup.py build_ext --inplace``): the
same source, type-checked by ``mypy --strict``, dumps 1.4-1.6x faster, since
every pass visits every node in Python. Modules that read reference counts
(``lower/builtins.py``: folding), are monkeypatched by the benchmark
(``pipeline.py``) or are I/O-bound stay interpreted.
"""

from __future__ import annotations

import os

COMPILED = [
    "src/persist/ir/nodes.py",
    "src/persist/ir/graph.py",
    "src/persist/lower/core.py",
    "src/persist/lower/numpy.py",
    "src/persist/lower/protocol.py",
    "src/persist/lower/refs.py",
    "src/persist/lower/registry.py",
    "src/persist/lower/sort.py",
    "src/persist/passes/cycles.py",
    "src/persist/passes/dedup.py",
    "src/persist/passes/inline.py",
    "src/persist/passes/names.py",
    "src/persist/passes/order.py",
    "src/persist/passes/split.py",
    "src/persist/emit/expr.py",
    "src/persist/emit/layout.py",
    "src/persist/emit/statements.py",
    "src/persist/emit/flat.py",
    "src/persist/emit/scoped.py",
]


def extensions() -> list[object]:
    """The mypyc extension modules when ``PERSIST_COMPILE=1``, else none."""
    if os.environ.get("PERSIST_COMPILE") != "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as exc:
        raise SystemExit(
            "PERSIST_COMPILE=1 builds persist with mypyc, which is not installed: "
            "python -m pip install mypy setuptools wheel (or unset PERSIST_COMPILE "
            "for the pure-Python build)"
        ) from exc

    return list(mypycify(COMPILED, opt_level="3"))


if __name__ == "__main__":  # (setuptools runs this file as __main__)
    from setuptools import setup

    setup(ext_modules=extensions())

"""Safe loading under random input: emitted archives pass, mutated ones never escape.

1. Every archive the emitter writes for allowed types passes the verifier and
   loads to the same structure as an ordinary load: both styles, inline and
   external arrays, with the array loader prologue and the single-item
   epilogue, and DataSet metadata blocks.
2. Mutated archives (names and attributes swapped for dangerous ones, attack
   statements inserted, calls redirected, statements moved or dropped, text
   edited) either load or raise UnsafeArchiveError or LoadError, and nothing
   escapes. An audit hook watches every load: no file opened, module imported,
   process started or code compiled and run besides the load itself; and no
   marker file appears, no allowed class or enum member is patched, no code of
   ``Evil`` (a class no archive may use) runs.
"""

from __future__ import annotations

import ast
import collections
import copy
import dataclasses
import datetime
import decimal
import enum
import fractions
import math
import pathlib
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import h5py  # noqa: F401  (imported now: a load that imports it would be flagged)
import numpy as np
import scipy.sparse  # noqa: F401
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import persist
from persist import Archive, LoadError, UnsafeArchiveError
from persist.archive import _SINGLE_ITEM
from persist.options import Options
from persist.pipeline import compile_archive
from persist.safe import verify
from persist.store.arrays import loader_source
from structure import assert_same_structure

MARK = Path(tempfile.mkdtemp(prefix="persist-safe-fuzz-")) / "pwned"


def _touch() -> None:
    MARK.touch()


class Evil:
    """No archive may use this class: any of its code running is an escape."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Evil:
        _touch()
        return super().__new__(cls)

    def __iter__(self) -> Any:
        _touch()
        return iter(())

    @staticmethod
    def run() -> None:
        _touch()


class Color(enum.Enum):
    RED = 1
    GREEN = 2


@dataclasses.dataclass
class Point:
    x: Any
    y: Any = None


class Node:
    """Plain instances: rebuilt with ``Node.__new__(Node)`` and attribute steps."""


class WithState:
    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __getstate__(self) -> dict[str, Any]:
        return dict(self.__dict__)


ALLOW = [Color, Point, Node, WithState]
MOD = Color.__module__

# -- 1. what the emitter writes --------------------------------------------------------
HASHABLE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=4),
    st.binary(max_size=4),
    st.sampled_from([Color.RED, Color.GREEN, int, list, object]),
    st.dates(),
    st.fractions(max_denominator=100),
    st.uuids(),
)
LEAVES = st.one_of(
    HASHABLE,
    st.floats(),
    st.complex_numbers(),
    st.datetimes(timezones=st.sampled_from([None, datetime.timezone.utc])),
    st.timedeltas(),
    st.times(),
    st.decimals(allow_nan=False),
    st.builds(pathlib.PurePosixPath, st.text("ab/", max_size=4)),
    st.builds(
        lambda xs, dtype: np.array(xs, dtype=dtype),
        st.lists(st.integers(0, 100), max_size=6),
        st.sampled_from(["i4", "f8", "u1", ">i2"]),
    ),
    st.builds(np.float32, st.floats(width=32)),
    st.builds(np.int64, st.integers(-(2**63), 2**63 - 1)),
    st.sampled_from([np.dtype("f4"), np.dtype([("a", "i4")]), range(3), slice(1, 2)]),
)


def _node(attributes: dict[str, Any]) -> Node:
    node = Node()
    node.__dict__.update(attributes)
    return node


def _state(attributes: dict[str, Any]) -> WithState:
    obj = WithState()
    obj.__dict__.update(attributes)
    return obj


def _objects(items: list[Any]) -> np.ndarray[Any, Any]:
    array = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        array[i] = item
    return array


NAMES = st.sampled_from(["a", "b", "c"])


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(
            st.one_of(st.text(max_size=3), st.integers(0, 9)), children, max_size=3
        ),
        st.sets(HASHABLE, max_size=3),
        st.frozensets(HASHABLE, max_size=3),
        st.builds(Point, children, children),
        st.builds(_node, st.dictionaries(NAMES, children, max_size=3)),
        st.builds(_state, st.dictionaries(NAMES, children, max_size=2)),
        st.builds(
            collections.OrderedDict,
            st.dictionaries(st.text(max_size=2), children, max_size=2),
        ),
        st.builds(collections.deque, st.lists(children, max_size=3)),
        st.builds(
            lambda d: collections.defaultdict(list, d),
            st.dictionaries(NAMES, children, max_size=2),
        ),
        st.builds(_objects, st.lists(children, max_size=3)),
    )


OBJECTS = st.recursive(LEAVES, _containers, max_leaves=10)


@st.composite
def graphs(draw: st.DrawFn) -> Any:
    """An object with extra references among its mutable parts: sharing, cycles."""
    root = draw(OBJECTS)
    mutable: list[Any] = []
    stack, seen = [root], set()
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if type(obj) in (list, dict, Node, Point):
            mutable.append(obj)
        if isinstance(obj, (list, tuple, collections.deque)):
            stack.extend(obj)
        elif isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, (Node, Point, WithState)):
            stack.extend(vars(obj).values())
    for target in mutable:
        if not draw(st.booleans()):
            continue
        other = draw(st.sampled_from(mutable))
        if type(target) is list:
            target.append(other)
        elif type(target) is dict:
            target["back"] = other
        else:
            target.y = other
    return root


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(obj=graphs(), scoped=st.booleans(), external=st.booleans())
def test_emitted_archives_pass_and_load_the_same(
    obj: Any, scoped: bool, external: bool
) -> None:
    archive = Archive(scoped=scoped, array_threshold=3 if external else None)
    archive.insert(x=obj, y=[obj])
    text = str(archive)
    loaded = persist.loads(text, archive.data, safe=True, allow=ALLOW)
    assert_same_structure(loaded, persist.loads(text, archive.data))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(obj=graphs(), scoped=st.booleans(), hdf5=st.booleans())
def test_saved_module_texts_pass(obj: Any, scoped: bool, hdf5: bool) -> None:
    """With the loader prologue, the single-item epilogue and the clean-up."""
    store = "x_arrays.h5" if hdf5 else "x_data/0123abcd"
    compiled = compile_archive(
        [("x", obj)],
        Options(scoped=scoped, array_threshold=3),
        prologue=lambda arrays: loader_source(
            "hdf5" if hdf5 else "npy", store, list(arrays), "_arrays"
        ),
        epilogue=_SINGLE_ITEM.format(name="x"),
    )
    verified = verify(compiled.text, allow=ALLOW)
    assert verified.store == (store if compiled.arrays else None)
    loaded = persist.loads(compiled.text, compiled.arrays, safe=True, allow=ALLOW)
    assert_same_structure(loaded, persist.loads(compiled.text, compiled.arrays))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(graphs(), min_size=1, max_size=3))
def test_dataset_metadata_blocks_pass(values: list[Any]) -> None:
    text = "_info_dict = {}\n" + "".join(
        compile_archive(
            [(f"k{i}", v)], Options(root_container="_info_dict"), cleanup=False
        ).text
        for i, v in enumerate(values)
    )
    loaded = persist.loads(text, safe=True, allow=ALLOW)
    assert_same_structure(loaded, persist.loads(text))


# -- 2. mutated archives -------------------------------------------------------------
def _corpus() -> list[tuple[str, dict[str, Any]]]:
    """Base archives to mutate: both styles, arrays, prologue, epilogue, metadata."""
    loop: list[Any] = [1]
    loop.append(loop)
    point = Point(1)
    point.y = point
    node = _node({"a": [1, 2], "b": Color.RED})
    objects = {
        "loop": loop,
        "point": point,
        "node": node,
        "state": _state({"a": 1}),
        "mixed": {
            "when": datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc),
            "n": [decimal.Decimal("1.5"), fractions.Fraction(1, 3), uuid.UUID(int=1)],
            "c": [
                collections.deque([1]),
                collections.defaultdict(list),
                {1, 2},
                frozenset(),
            ],
            "np": [np.arange(3), np.float32(2), np.dtype("f4"), _objects([loop, node])],
            "big": np.arange(10.0),
            "z": [1 - 2j, -math.inf, b"x", range(2)],
        },
    }
    corpus = []
    for scoped in (False, True):
        archive = Archive(scoped=scoped, array_threshold=5)
        archive.insert(**objects)
        corpus.append((str(archive), archive.data))
        compiled = compile_archive(
            [("x", objects["mixed"])],
            Options(scoped=scoped, array_threshold=5),
            prologue=lambda arrays: loader_source(
                "npy", "x_arrays", list(arrays), "_arrays"
            ),
            epilogue=_SINGLE_ITEM.format(name="x"),
        )
        corpus.append((compiled.text, compiled.arrays))
    metadata = compile_archive(
        [("a", objects["loop"])], Options(root_container="_info_dict"), cleanup=False
    )
    corpus.append(("_info_dict = {}\n" + metadata.text, {}))
    for text, arrays in corpus:
        persist.loads(text, arrays, safe=True, allow=ALLOW)  # the corpus itself is fine
    return corpus


CORPUS = _corpus()
DANGEROUS_NAMES = [
    "eval", "exec", "open", "getattr", "setattr", "__import__", "__builtins__",
    "globals", "vars", "type", "compile", "print", "breakpoint", "os", "_arrays",
    "__name__", "Evil", "list", "dict", "object", "_fill", "x", "loop", "_Point",
    "Point", "array",
]  # fmt: skip
DANGEROUS_ATTRIBUTES = [
    "__class__", "__globals__", "__subclasses__", "__dict__", "__init__",
    "__reduce__", "__builtins__", "__code__", "__bases__", "__mro__", "system",
    "write_text", "load", "run", "mro", "format", "append", "update",
    "__setstate__", "__new__", "RED", "utc",
]  # fmt: skip
PAYLOADS = [
    "open(MARK, 'w').close()",
    "__import__('pathlib').Path(MARK).touch()",
    "eval(\"open(MARK, 'w').close()\")",
    "exec(\"open(MARK, 'w').close()\")",
    "getattr(__builtins__, 'open')(MARK, 'w').close()",
    "from pathlib import Path\nPath(MARK).touch()",
    "from pathlib import Path\np = Path(MARK)\np.touch()",
    "from MOD import Evil as _E\nx = _E()",
    "from MOD import Evil as _E\n_E.run()",
    "from MOD import Evil as _E\nx = list(_E.__new__(_E))",
    "from MOD import _touch\n_touch()",
    "from MOD import Point as _P\n_P.hook = 1",
    "from MOD import Color as _C\nc = _C.RED\nc.hook = 1",
    "from MOD import Color as _C\nc = _C(1)\nc.__dict__.update({'hook': 1})",
    "x = [c for c in ().__class__.__base__.__subclasses__()]",
    "x = (lambda: open(MARK, 'w').close())()",
    "x = f\"{open(MARK, 'w').close()}\"",
    "def f(y=open(MARK, 'w').close()):\n    return y",
    "@(lambda f: open(MARK, 'w').close())\ndef f():\n    return 1",
    "try:\n    pass\nfinally:\n    open(MARK, 'w').close()",
    "if True:\n    open(MARK, 'w').close()",
    "d = {}\nd['k'] = []\nd.update({'k': _Point})\nd['k'].hook = 1",
    "from collections import defaultdict\nd = defaultdict(open)\nx = d[MARK]",
    "import os\nos.system('touch ' + MARK)",
    "from numpy import load\nx = load(MARK, allow_pickle=True)",
]
CONSTANTS = [
    0,
    -1,
    10**6,
    "x",
    None,
    (),
    1.5,
    b"",
    str(MARK),
    "__class__",
    "../x",
    "os",
]
OPS = [
    "name",
    "attribute",
    "insert",
    "callee",
    "swap",
    "drop",
    "duplicate",
    "constant",
    "text",
]


def _statements(tree: ast.Module) -> list[list[ast.stmt]]:
    """Every statement list of the module (its body, function and if bodies)."""
    lists = [tree.body]
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.If, ast.Try)) and node is not tree:
            lists.append(node.body)
    return lists


def _mutate(text: str, draw: Any) -> str:
    tree = ast.parse(text)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(OPS))
        nodes = list(ast.walk(tree))
        body = draw(st.sampled_from(_statements(tree)))
        if op == "name":
            names = [n for n in nodes if isinstance(n, ast.Name)]
            if names:
                draw(st.sampled_from(names)).id = draw(st.sampled_from(DANGEROUS_NAMES))
        elif op == "attribute":
            attributes = [n for n in nodes if isinstance(n, ast.Attribute)]
            if attributes:
                target = draw(st.sampled_from(attributes))
                target.attr = draw(st.sampled_from(DANGEROUS_ATTRIBUTES))
        elif op == "insert":
            payload = draw(st.sampled_from(PAYLOADS))
            source = payload.replace("MARK", repr(str(MARK))).replace("MOD", MOD)
            index = draw(st.integers(0, len(body)))
            body[index:index] = ast.parse(source).body
        elif op == "callee":
            calls = [n for n in nodes if isinstance(n, ast.Call)]
            if calls:
                call = draw(st.sampled_from(calls))
                name = draw(st.sampled_from(DANGEROUS_NAMES))
                if draw(st.booleans()):
                    call.func = ast.Name(name, ast.Load())
                else:
                    call.func = ast.Attribute(
                        call.func,
                        draw(st.sampled_from(DANGEROUS_ATTRIBUTES)),
                        ast.Load(),
                    )
        elif op == "swap" and len(body) > 1:
            i, j = (
                draw(st.integers(0, len(body) - 1)),
                draw(st.integers(0, len(body) - 1)),
            )
            body[i], body[j] = body[j], body[i]
        elif op == "drop" and len(body) > 1:
            del body[draw(st.integers(0, len(body) - 1))]
        elif op == "duplicate" and body:
            i = draw(st.integers(0, len(body) - 1))
            body.insert(draw(st.integers(0, len(body))), copy.deepcopy(body[i]))
        elif op == "constant":
            constants = [n for n in nodes if isinstance(n, ast.Constant)]
            if constants:
                draw(st.sampled_from(constants)).value = draw(
                    st.sampled_from(CONSTANTS)
                )
    text = ast.unparse(ast.fix_missing_locations(tree))
    if draw(st.sampled_from(OPS)) == "text":
        at = draw(st.integers(0, len(text)))
        edit = draw(
            st.sampled_from(
                [
                    "",
                    "(",
                    ")",
                    "[",
                    ".",
                    ",",
                    ":",
                    "=",
                    "_",
                    "'",
                    "\n",
                    " ",
                    "*",
                    "@",
                    "\0",
                ]
            )
        )
        text = text[:at] + edit + text[at + draw(st.integers(0, 2)) :]
    return text


# the audit hook: during a load, anything but its own compile and exec is an escape
_WATCH: list[list[tuple[str, Any]]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _WATCH and event not in ("compile", "builtins.id"):
        if event == "object.__getattr__" and args[1:2] in (("tb_frame",), ("f_code",)):
            return  # LoadError locating the failing line, hypothesis tracing
        if event == "open" and args[0] == "<archive>":
            return  # a SyntaxError looking for its line in the "file" it names
        _WATCH[-1].append((event, args))


sys.addaudithook(_audit)


def _snapshot() -> list[Any]:
    """What patching an allowed class or enum member would change."""
    return [dict(vars(cls)) for cls in (Color, Point, Node, WithState, Evil)] + [
        dict(vars(Color.RED))
    ]


def _load_watched(text: str, arrays: Any) -> list[tuple[str, Any]]:
    _WATCH.append([])
    try:
        persist.loads(text, arrays, safe=True, allow=ALLOW)
        event("loaded")
    except UnsafeArchiveError:
        event("refused")
    except LoadError:
        event("LoadError")
    finally:
        events = _WATCH.pop()
    return events


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(), base=st.sampled_from(range(len(CORPUS))), with_arrays=st.booleans()
)
def test_mutated_archives_never_escape(data: Any, base: int, with_arrays: bool) -> None:
    text, arrays = CORPUS[base]
    mutated = _mutate(text, data.draw)
    before = _snapshot()
    events = _load_watched(mutated, arrays if with_arrays else None)
    escaped = MARK.exists()
    MARK.unlink(missing_ok=True)
    assert not escaped, f"the payload ran:\n{mutated}"
    assert [e for e, _ in events] in ([], ["exec"]), f"{events}\n{mutated}"
    assert _snapshot() == before, f"a class was patched:\n{mutated}"


def test_the_oracle_sees_an_escape() -> None:
    """The same checks catch the payloads when the archive is trusted."""
    for payload in PAYLOADS[:3]:
        source = payload.replace("MARK", repr(str(MARK)))
        _WATCH.append([])
        try:
            persist.loads(source)
        finally:
            events = [e for e, _ in _WATCH.pop()]
        assert MARK.exists() and "open" in events
        MARK.unlink()

"""Plain objects' atom attributes held by value (lower/protocol.py).

Holding them in one ``setattrs`` step per run of them, with no node for any,
is an optimisation only: the text
must be byte-identical to writing one atom node per attribute, in both styles,
with the attribute order kept and long shared strings still named once.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

import persist
from persist.errors import InternalError
from persist.ir.check import check_graph
from persist.ir.dump import describe
from persist.ir.graph import Graph
from persist.ir.nodes import (
    NO_NODE,
    Atom,
    Attr,
    Build,
    Call,
    GlobalRef,
    Step,
    set_attrs,
)
from persist.lower import lower, protocol
from persist.options import Options
from structure import assert_same_structure
from switches import text_with


class Thing:
    """A plain class: attributes set by ``obj.name = value``."""


def thing(**attributes: Any) -> Thing:
    obj = Thing()
    for name, value in attributes.items():
        setattr(obj, name, value)
    return obj


def text_of(
    monkeypatch: pytest.MonkeyPatch, by_value: bool, scoped: bool, **items: Any
) -> str:
    return text_with(monkeypatch, protocol, "ATTRS_BY_VALUE", by_value, scoped, **items)


LONG = "z" * 5000  # long enough to be named once when shared


def cases() -> dict[str, Any]:
    shared = [1, 2]
    a = thing(
        x=1.5,
        nan=math.nan,
        inf=-math.inf,
        zero=-0.0,
        big=1 << 20_000,  # written in hex
        raw=b"\x00b",
        c=complex(1, -0.0),
        e=...,
        n=None,
        flag=True,
        items=shared,  # an object in the middle: the order must hold
        s="short",
        long=LONG,
    )
    b = thing(long=LONG, items=shared, y=2)
    a.me = a  # a cycle through an attribute, after the atoms
    return {"a": a, "b": b, "many": [thing(i=i, f=i / 7, s=f"s{i}") for i in range(50)]}


@pytest.mark.parametrize("scoped", [False, True])
def test_the_text_is_the_same_with_attributes_by_value_or_as_nodes(
    monkeypatch: pytest.MonkeyPatch, scoped: bool
) -> None:
    items = cases()
    by_value = text_of(monkeypatch, True, scoped, **items)
    as_nodes = text_of(monkeypatch, False, scoped, **items)
    assert by_value == as_nodes
    assert by_value.count("'" + "z" * 100) == 1  # the long string: named once
    assert "_a.me = _a" in by_value or "a.me = a" in by_value
    loaded = persist.loads(by_value)
    assert_same_structure(items["many"], loaded["many"])
    assert loaded["a"].me is loaded["a"]
    assert list(vars(loaded["a"])) == list(vars(items["a"]))
    assert math.isnan(loaded["a"].nan) and math.copysign(1, loaded["a"].zero) < 0
    assert loaded["a"].items is loaded["b"].items


def test_an_object_with_atom_attributes_is_one_node() -> None:
    graph = lower([("x", thing(a=1, b="two", c=3.0))], Options())
    kinds = sorted(type(n).__name__ for n in graph.nodes)
    # the Build, holding its call and its attributes; the class and its
    # __new__ (shared by all its instances)
    assert kinds == ["Attr", "Build", "GlobalRef"]
    build = graph.nodes[graph.roots[0][1]]
    assert isinstance(build, Build)
    new, cls = graph.nodes[build.base], graph.nodes[build.args[0]]  # type: ignore[index]
    assert build.args == (build.args[0],) and isinstance(cls, GlobalRef)
    assert getattr(new, "name", None) == "__new__" and new.obj == build.args[0]  # type: ignore[union-attr]
    (step,) = build.steps
    assert step.kind == "setattrs" and step.value == NO_NODE
    assert step.attrs == ("a", 1, "b", "two", "c", 3.0)


def test_objects_between_atoms_split_the_runs_in_order() -> None:
    inner: list[int] = []
    graph = lower([("x", thing(a=1, l=inner, b=2))], Options())
    build = graph.nodes[graph.roots[0][1]]
    assert isinstance(build, Build)
    assert [s.kind for s in build.steps] == ["setattrs", "setattr", "setattrs"]


def _graph(step: Step) -> Graph:
    nodes = (
        Build(1, (step,)),
        Call(2, (2,)),
        GlobalRef("tests", "Thing"),
        Atom(1),
    )
    return Graph(nodes=nodes, roots=(("x", 0),), origin=((-1, "x"),) * 4)


@pytest.mark.parametrize(
    "step",
    [
        Step("setattrs", None, NO_NODE, ("a", 1, "b")),  # unpaired
        Step("setattrs", None, NO_NODE, ("not a name", 1)),
        Step("setattrs", None, NO_NODE, ("a", [1])),  # not an atom
        Step("setattrs", None, 3, ("a", 1)),  # a node besides
        Step("setattrs", "a", NO_NODE, ("a", 1)),  # a key besides
        Step("setattr", "a", 3, ("a", 1)),  # attributes outside setattrs
    ],
)
def test_the_checker_refuses_malformed_setattrs_steps(step: Step) -> None:
    with pytest.raises(InternalError, match="malformed setattrs step"):
        check_graph(_graph(step))


def test_the_checker_accepts_a_well_formed_setattrs_step() -> None:
    check_graph(_graph(set_attrs(("a", 1, "b", None))))
    check_graph(_graph(Step("setattr", "a", 3)))


def _own_call(base: Any, arg: Any) -> Graph:
    """x = base(arg) held in the Build, then x.a = 1."""
    nodes = (
        Build(1, (set_attrs(("a", 1)),), (2,)),
        base,
        arg,
        Atom(2),
        GlobalRef("tests", "Thing"),
        Atom(2),
    )
    return Graph(nodes=nodes, roots=(("x", 0),), origin=((-1, "x"),) * 6)


def test_the_checker_accepts_a_build_calling_imports() -> None:
    check_graph(_own_call(Attr(4, "__new__"), GlobalRef("tests", "Thing")))
    check_graph(_own_call(GlobalRef("tests", "make"), Attr(4, "default")))


@pytest.mark.parametrize(
    ("base", "arg"),
    [
        (Attr(4, "__new__"), Atom(1)),  # an argument that is no import
        (Attr(5, "real"), GlobalRef("tests", "Thing")),  # an attribute of an atom
        (Call(4, ()), GlobalRef("tests", "Thing")),  # a call as the function
    ],
)
def test_the_checker_refuses_a_build_calling_other_than_imports(
    base: Any, arg: Any
) -> None:
    with pytest.raises(InternalError, match="calls something other than imports"):
        check_graph(_own_call(base, arg))


class Slotted:
    __slots__ = ("a", "b")


class WithSetstate:
    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


class Guarded:
    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)


def varied() -> list[Any]:
    """Instances the plain-instance path takes, and ones it leaves to the
    general path (objects, long strings, slots, hooks, no attributes)."""
    slotted = Slotted()
    slotted.a, slotted.b = 1, 2
    hooked = WithSetstate()
    hooked.a = 1
    guarded = Guarded()
    guarded.a = 1
    return [
        *(thing(i=i, f=i / 7, s=f"s{i}") for i in range(5)),
        thing(s="x", i=1, f=0.5),  # same attributes in another order
        thing(long=LONG, i=1),
        thing(items=[1, 2], i=1),
        thing(),
        thing(__private=1),
        slotted,
        hooked,
        guarded,
        thing(i=2, f=1.5, s="again"),  # the first plan, once more
    ]


def _calls(graph: Graph) -> list[tuple[str, tuple[str, ...]]]:
    """Each Build's call, ``(func, args)`` as their dump lines (ids differ
    between the graphs), in id order."""
    nodes = graph.nodes

    def line(i: int) -> str:
        node = nodes[i]
        if isinstance(node, Attr):
            return f"{line(node.obj)}.{node.name}"
        return describe(node)

    out = []
    for node in nodes:
        if type(node) is not Build:
            continue
        if node.args is not None:
            func, args = node.base, node.args
        else:
            call = nodes[node.base]
            assert isinstance(call, Call)
            func, args = call.func, call.args
        out.append((line(func), tuple(line(a) for a in args)))
    return out


@pytest.mark.parametrize("scoped", [False, True])
def test_the_plain_instance_path_writes_what_the_general_path_does(
    monkeypatch: pytest.MonkeyPatch, scoped: bool
) -> None:
    # its Builds hold the call the general path makes a node of; the text is
    # the same, the plain instances' factory in the scoped style included
    value = varied()
    fast = lower([("x", value)], Options())
    fast_text = persist.Archive(scoped=scoped)
    fast_text.insert(x=value)
    monkeypatch.setattr(protocol, "ATTRS_BY_VALUE", False)  # (read at run time)
    general = lower([("x", value)], Options())
    general_text = persist.Archive(scoped=scoped)
    general_text.insert(x=value)
    assert str(fast_text) == str(general_text)
    assert _calls(fast) == _calls(general)
    builds = [n for n in fast.nodes if type(n) is Build]
    assert sum(n.args is not None for n in builds) == 7  # the plain ones
    assert (
        sum(type(n) is Call for n in general.nodes)
        - sum(type(n) is Call for n in fast.nodes)
        == 7
    )
    assert "_new_Thing()" in str(fast_text) or not scoped

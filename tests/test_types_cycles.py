"""Round trips of cycles, in both styles: through lists, dicts, tuples, sets,
dict keys, ``__reduce_ex__`` and ``__setstate__``, attributes, dataclasses,
slots, object arrays, hooks, subclasses and the collections types. Also: a list
that holds itself reads naturally, and a cycle through constructor arguments
only raises ``CycleError``.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import persist
from type_cases import (
    STYLES,
    Copied,
    DictSub,
    FrozenRecord,
    Guarded,
    Hooked,
    ListSub,
    NamedKey,
    Plain,
    Point,
    RebuiltAsNamedKey,
    Record,
    Reduced,
    Slotted,
    WithState,
    archive_text,
    cases,
    round_trip,
)


def _self_list() -> Any:
    x: list[Any] = [1]
    x.append(x)
    return x


def _self_dict() -> Any:
    d: dict[str, Any] = {"a": 1}
    d["self"] = d
    d["b"] = 2  # order kept: entries after the cycle too
    return d


def _mutual_lists() -> Any:
    a: list[Any] = []
    b = [a]
    a.append(b)
    return [a, b]


def _mutual_dicts() -> Any:
    a: dict[str, Any] = {}
    b = {"a": a}
    a["b"] = b
    return b


def _attribute_back_to_container() -> Any:
    runs: list[Any] = []
    runs.append(Plain(owner=runs, n=0))
    runs.append(Plain(owner=runs, n=1))
    return {"runs": runs}


def _cycle_through_tuple() -> Any:
    x: list[Any] = []
    t = (x, 1)
    x.append(t)
    return t


def _cycle_through_tuple_list_root() -> Any:
    x: list[Any] = []
    x.append((x,))
    return x


def _cycle_through_reduce() -> Any:
    x: list[Any] = []
    x.append(Reduced(x, 2))
    return [x[0], x]


def _cycle_through_setstate() -> Any:
    s = WithState(None)
    s.value = [s]
    return s


def _self_attribute() -> Any:
    p = Plain()
    p.me = p
    return p


def _dataclass_cycle() -> Any:
    r = Record(1)
    r.y.append(r)
    return r


def _frozen_dataclass_cycle() -> Any:
    f = FrozenRecord(1)
    object.__setattr__(f, "y", (f,))
    return f


def _slots_cycle() -> Any:
    s = Slotted(1, None)
    s.b = [s]
    return s


def _object_array_cycle() -> Any:
    a = np.empty(2, dtype=object)
    a[0] = a
    a[1] = [a]
    return a


def _hook_cycles() -> Any:
    x: list[Any] = []
    x.append(Hooked(x))
    x.append(Point(x, 1))
    return x


def _subclass_cycles() -> Any:
    ls = ListSub()
    ls.append(ls)
    ls.tag = ls  # type: ignore[attr-defined]
    ds = DictSub()
    ds["me"] = ds
    return [ls, ds]


def _cycle_and_sharing() -> Any:
    x: list[Any] = [1]
    both = [x, x]
    x.append(both)
    return both


def _cycle_through_set_element() -> Any:
    x: list[Any] = []
    x.append({(1, "a"), None})
    x.append(frozenset({("k",)}))
    x.append(x)
    return x


def _ordered_dict_cycle() -> Any:
    d: collections.OrderedDict[str, Any] = collections.OrderedDict()
    d["me"] = d
    return d


def _ordered_dict_attribute_cycle() -> Any:
    d: collections.OrderedDict[str, Any] = collections.OrderedDict(a=1)
    d["me"] = d
    d.me = [d]  # type: ignore[attr-defined]
    return d


def _defaultdict_cycle() -> Any:
    d: collections.defaultdict[str, Any] = collections.defaultdict(list)
    d["me"] = d
    return d


def _deque_cycle() -> Any:
    d: collections.deque[Any] = collections.deque()
    d.append(d)
    return d


def _counter_cycle() -> Any:
    c: collections.Counter[Any] = collections.Counter(a=1)
    c["me"] = [c]  # a Counter may hold anything as a count
    return c


def _ordered_dict_in_tuple_cycle() -> Any:
    d: collections.OrderedDict[str, Any] = collections.OrderedDict(first=1)
    t = (d, "t")
    d["t"] = t
    d["last"] = 2
    return t


def _dict_key_cycle() -> Any:
    d: dict[Any, Any] = {}
    d[NamedKey("a", owner=d)] = 1
    return d


def _set_element_cycle() -> Any:
    s: set[Any] = set()
    s.add(NamedKey("b", owner=[s]))
    return s


def _deque_in_tuple_cycle() -> Any:
    d: collections.deque[Any] = collections.deque()
    t = (d,)
    d.append(t)
    return t


def _tuple_twice_in_cycle() -> Any:
    # two references from one tuple back to the tuple that starts the cycle
    d: dict[Any, Any] = {}
    t = (d,)
    d[None] = (t, t, None)
    return t


def _dataclass_and_self_holding_dict() -> Any:
    # the dataclass is swapped for its fallback; the dict, its argument,
    # holds itself too and must be split as well (was a CycleError)
    d: dict[str, Any] = {"a": 1}
    d["owner"] = Record(d)
    d["self"] = d
    return d["owner"]


def _set_holding_copied_state() -> Any:
    # the set needs its elements' state first, and the state dict holds the
    # set: the set must be filled later, not the dict that __setstate__
    # copies (it was, and the object came back without its state)
    team: set[Any] = {Copied(), Plain()}
    for member in team:
        member.__dict__["team"] = team
    return sorted(team, key=lambda m: type(m).__name__)[0]


def _set_holding_guarded_state() -> Any:
    # the same with obj.__dict__.update(state), which copies too
    team: set[Any] = {object.__new__(Guarded), Plain()}
    for member in team:
        member.__dict__["team"] = team
    return sorted(team, key=lambda m: type(m).__name__)[0]


def _dataclass_argument_holding_itself() -> Any:
    # the list can be split only once the dataclass is built from its
    # fallback; the list's self-reference alone found nothing to split
    record = Record(None)
    record.y.append(record.y)
    record.y.append(record)
    return record


def _frozenset_element_holding_it() -> Any:
    # hashed by identity, the element may go into the frozenset before its
    # state does, as pickle does (a CycleError while every element's state
    # had to come first)
    p = Plain()
    frozen = frozenset([p])
    p.within = frozen
    return frozen


def _dict_keyed_by_objects_holding_it() -> Any:
    # graph nodes keyed by themselves, each pointing back at the mapping
    table: dict[Any, Any] = {}
    for name in "ab":
        node = Plain(name=name, table=(table,))
        table[node] = name
    return (table,)


def _ordered_dict_keyed_by_its_owner() -> Any:
    # the key hashes by its state, which holds the OrderedDict: built empty
    # and filled by steps that wait for the key (given in the call's pairs,
    # the key was hashed before its state was set, and the load failed)
    od: collections.OrderedDict[Any, Any] = collections.OrderedDict()
    od[NamedKey("a", owner=od)] = 1
    return od


CYCLES = cases(
    self_list=_self_list,
    self_dict=_self_dict,
    mutual_lists=_mutual_lists,
    mutual_dicts=_mutual_dicts,
    attribute_back_to_container=_attribute_back_to_container,
    through_tuple=_cycle_through_tuple,
    through_tuple_list_root=_cycle_through_tuple_list_root,
    through_reduce=_cycle_through_reduce,
    through_setstate=_cycle_through_setstate,
    self_attribute=_self_attribute,
    dataclass=_dataclass_cycle,
    frozen_dataclass=_frozen_dataclass_cycle,
    slots=_slots_cycle,
    object_array=_object_array_cycle,
    hooks=_hook_cycles,
    subclasses=_subclass_cycles,
    with_sharing=_cycle_and_sharing,
    with_sets=_cycle_through_set_element,
    ordered_dict=_ordered_dict_cycle,
    ordered_dict_attribute=_ordered_dict_attribute_cycle,
    defaultdict=_defaultdict_cycle,
    deque=_deque_cycle,
    deque_in_tuple=_deque_in_tuple_cycle,
    counter=_counter_cycle,
    ordered_dict_in_tuple=_ordered_dict_in_tuple_cycle,
    dict_key=_dict_key_cycle,
    set_element=_set_element_cycle,
    tuple_twice=_tuple_twice_in_cycle,
    dataclass_and_self_holding_dict=_dataclass_and_self_holding_dict,
    set_holding_copied_state=_set_holding_copied_state,
    set_holding_guarded_state=_set_holding_guarded_state,
    dataclass_argument_holding_itself=_dataclass_argument_holding_itself,
    frozenset_element_holding_it=_frozenset_element_holding_it,
    dict_keyed_by_objects_holding_it=_dict_keyed_by_objects_holding_it,
    ordered_dict_keyed_by_its_owner=_ordered_dict_keyed_by_its_owner,
)


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), CYCLES)
def test_cycles(make: Callable[[], Any], check: Any, scoped: bool) -> None:
    obj = make()
    loaded, _ = round_trip(obj, scoped)
    check(obj, loaded)


def test_self_list_reads_naturally() -> None:
    text, _ = archive_text(_self_list(), False)
    assert text.startswith("x = [1]\nx.append(x)\n")


def test_cycle_through_constructor_arguments_only_is_a_cycle_error() -> None:
    r = Reduced(None, 2)
    r.a = (r,)  # Reduced((r,), 2) would need r before it exists
    with pytest.raises(persist.CycleError, match=r"x\['k'\]\[0\]"):
        archive_text({"k": [r]}, False)


@pytest.mark.parametrize("scoped", STYLES)
def test_an_object_keyed_in_its_own_dict_round_trips(scoped: bool) -> None:
    """Its ``__dict__``, which ``__dict__.update`` copies, must be complete
    first and holds the object as a key: possible since it hashes by
    identity (it was written with the key added after the copy, and lost)."""
    p = Plain()
    p.__dict__[p] = 1
    loaded, _ = round_trip(p, scoped)
    assert vars(loaded) == {loaded: 1}


def test_a_key_hashed_by_its_state_within_that_state_is_a_cycle_error() -> None:
    """The same with a hash that reads the state: no order builds it (pickle
    fails too: it hashes the key before the state is set)."""
    key = NamedKey("k")
    key.__dict__[key] = 1
    with pytest.raises(persist.CycleError, match="copied by __setstate__"):
        archive_text(key, False)


def test_a_key_rebuilt_as_a_class_that_hashes_by_state_is_a_cycle_error() -> None:
    """Whether an element may go in before its state is decided by the class
    the archive rebuilds, not the object's own (which hashes by identity):
    otherwise the set held an element it could not find."""
    key = RebuiltAsNamedKey("k")
    frozen = frozenset([key])
    key.owner = frozen
    with pytest.raises(persist.CycleError):
        archive_text(frozen, False)

"""Scoped style: objects built by the same call of imports only
(``Point.__new__(Point)``) share one function, ``_new_Point``, called once per
object, instead of a function each (names.py ``_shared_constructions``,
scoped.py ``factory``)."""

from __future__ import annotations

import ast
from typing import Any

import persist
from persist import Archive
from structure import assert_same_structure


class Thing:
    def __init__(self, **state: Any) -> None:
        self.__dict__.update(state)


class Other:
    def __init__(self) -> None:
        self.b = 2


def scoped(**items: Any) -> str:
    archive = Archive(scoped=True)
    archive.insert(**items)
    return str(archive)


def functions(text: str) -> list[str]:
    return [s.name for s in ast.parse(text).body if isinstance(s, ast.FunctionDef)]


def test_objects_of_one_class_share_one_function() -> None:
    value = [Thing(a=i) for i in range(3)] + [Other(), Other()]
    text = scoped(x=value)
    assert functions(text) == ["_new_Thing", "_new_Other", "x"]
    assert text.count(" = _new_Thing()\n") == 3
    assert "\ndel _x_0, _x_1, _x_2, _x_3, _x_4, _new_Thing, _new_Other\n" in text
    loaded = persist.loads(text)
    assert set(loaded) == {"x"}  # the factories are deleted
    assert_same_structure(loaded["x"], value)
    assert len({id(t) for t in loaded["x"]}) == 5  # a new object per call
    safe = persist.loads(text, safe=True, allow_modules=[Thing.__module__])
    assert_same_structure(safe["x"], value)


def test_a_lone_object_keeps_its_own_function() -> None:
    text = scoped(x=Thing(a=1), y=[Other(), Other()])
    assert functions(text) == ["x", "_new_Other", "y"]


def test_the_flat_style_has_no_factories() -> None:
    archive = Archive()
    archive.insert(x=[Thing(a=1), Thing(a=2)])
    assert "_new_Thing" not in str(archive)


def test_a_factory_name_taken_by_a_root_gets_another() -> None:
    value = [Thing(a=1), Thing(a=2)]
    archive = Archive(scoped=True, allowed_names=["_new_Thing"])
    archive.insert(_new_Thing=1, x=value)
    text = str(archive)
    assert functions(text) == ["_new_Thing_2", "x"]
    loaded = persist.loads(text)
    assert loaded["_new_Thing"] == 1
    assert_same_structure(loaded["x"], value)


def test_a_call_without_imports_is_written_in_place() -> None:
    # object.__new__(object) needs no import: no function at all
    a, b = object(), object()
    text = scoped(x=[a, a], y=[b, b])
    assert functions(text) == ["x", "y"]  # (each list of named objects)
    assert text.count("object.__new__(object)") == 2
    loaded = persist.loads(text)
    assert loaded["x"][0] is loaded["x"][1] is not loaded["y"][0]


def test_regenerating_gives_the_same_text() -> None:
    value = {"p": [Thing(a=1.5, b="s"), Thing(a=2)], "q": Thing()}
    text = scoped(x=value)
    again = Archive(scoped=True)
    again.insert(x=persist.loads(text)["x"])
    assert str(again) == text

"""The collector pause around compiling restores the caller's setting."""

from __future__ import annotations

import gc

import pytest

from persist.archive import Archive
from persist.gcpause import no_cycle_collection


@pytest.mark.parametrize("enabled", [True, False])
def test_setting_restored_after_compile(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        archive = Archive()
        archive.insert(x=[1, [2, 3]])
        assert "x = [1, [2, 3]]" in str(archive)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_paused_inside_and_restored_after_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), no_cycle_collection():
        assert not gc.isenabled()
        raise ValueError("boom")
    assert gc.isenabled()


def test_loads_restores_the_collector_after_success_and_failure() -> None:
    import persist
    from persist.errors import LoadError

    assert persist.loads("x = [1, 2]\n")["x"] == [1, 2]
    assert gc.isenabled()
    with pytest.raises(LoadError):
        persist.loads("x = 1 / 0\n")
    assert gc.isenabled()


class _Point:
    def __init__(self, x: float, label: str) -> None:
        self.x = x
        self.label = label


@pytest.mark.parametrize("scoped", [False, True])
def test_compiling_leaves_no_reference_cycles(scoped: bool) -> None:
    # With the collector paused, the IR must be freed by reference counting:
    # a cycle (closures calling each other) would keep the whole graph alive
    # until the first collection after the pause, which walks all of it.
    shared = [1.5, 2.5]
    value = {
        "points": [_Point(i / 3, f"p{i}") for i in range(50)],
        "rows": [[i, i + 1] for i in range(20)],
        "shared": [shared, shared, (shared, "t")],
    }
    ring: list[object] = [value]
    ring.append(ring)  # a cycle in the data is not one in the compiler
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        archive = Archive(scoped=scoped)
        archive.insert(value=value, ring=ring)
        assert "_Point" in str(archive)
        assert gc.collect() == 0
    finally:
        (gc.enable if was else gc.disable)()

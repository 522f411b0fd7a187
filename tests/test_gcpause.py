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

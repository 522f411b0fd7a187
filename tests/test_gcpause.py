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

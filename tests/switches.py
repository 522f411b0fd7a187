"""Archive text with an optimisation switched on or off, for the tests that
check an optimisation changes no output (folding, attributes by value)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from persist.archive import Archive


def text_with(
    monkeypatch: pytest.MonkeyPatch,
    module: ModuleType,
    switch: str,
    on: bool,
    scoped: bool,
    **items: Any,
) -> str:
    """``str(Archive)`` of ``items`` with ``module.switch`` set to ``on``."""
    monkeypatch.setattr(module, switch, on)
    archive = Archive(scoped=scoped)
    archive.insert(**items)
    return str(archive)

"""Shared pytest configuration."""

from __future__ import annotations

import pytest

# helper modules whose asserts check the tests' results: rewrite them as pytest
# does the test modules, so a failing check shows its values
pytest.register_assert_rewrite(
    "dataset_helpers",
    "diskutil",
    "pass_helpers",
    "save_helpers",
    "structure",
    "type_cases",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden/<case>/expected.*.py with the current archive text",
    )

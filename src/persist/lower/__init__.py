"""Lowering: objects -> IR. ``lower(roots, options)`` is the entry point."""

from persist.lower.core import Lowerer, lower

__all__ = ["Lowerer", "lower"]

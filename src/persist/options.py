"""Options shared by the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Options"]


@dataclass(frozen=True, slots=True)
class Options:
    """How an archive is written.

    Parameters
    ----------
    scoped : bool
        Write each named object in its own function scope instead of flat
        ``name = expr`` statements.
    array_threshold : float
        Arrays with more elements than this go to the external array store.
    data_name : str
        Name of the mapping that holds external arrays when the text runs.
    helper_prefix : str
        Prefix of generated helper names (``_b_1``); helpers are deleted at the end.
    line_length : int
        Target width of the output.
    nesting_budget : int
        Deepest expression nesting written inline; deeper values are hoisted into
        named statements, so any depth loads (CPython refuses ~200 brackets).
    """

    scoped: bool = False
    array_threshold: float = float("inf")
    data_name: str = "_arrays"
    helper_prefix: str = "_"
    line_length: int = 88
    nesting_budget: int = 50
    shared_constant_weight: int = 32

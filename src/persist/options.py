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
    shared_constant_weight : int
        Constants (atoms, tuples of constants) bigger than this that are used
        more than once get a name instead of being repeated.
    statement_weight : int
        Roughly how many values one statement holds: a longer list, dict or
        set is written as several statements (``x = [...]`` then
        ``x.extend([...])``), and a bigger inline value gets named parts, so
        that loading compiles the text a piece at a time (``persist.pieces``).
        The default, 1,000, makes a statement of typical values about one
        32 KB piece.
    root_container : str, optional
        Bind the roots as items of this dict (``_info_dict['a'] = ...``) rather
        than as module names (flat style only; used for DataSet metadata).
    """

    scoped: bool = False
    array_threshold: float = float("inf")
    data_name: str = "_arrays"
    helper_prefix: str = "_"
    line_length: int = 88
    nesting_budget: int = 50
    shared_constant_weight: int = 32
    statement_weight: int = 1_000
    root_container: str | None = None

    def __post_init__(self) -> None:
        if self.root_container is not None and self.scoped:
            raise ValueError("root_container is only supported by the flat style")

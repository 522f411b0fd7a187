"""The Graph: nodes, the named roots, and where each node was first reached."""

from __future__ import annotations

from dataclasses import dataclass

from persist.ir.nodes import Node, NodeId

# an edge's label: ``['paths']``, ``.attr``, ``<key 0>``; an int ``i`` is ``[i]``
# (a list or tuple item: kept as the int, made text only when a path is shown)
Label = str | int


@dataclass(frozen=True, slots=True)
class Graph:
    """An archive's objects as IR.

    Attributes
    ----------
    nodes : tuple of Node
        ``nodes[i]`` is the node with id ``i``.
    roots : tuple of (name, NodeId)
        Inserted names in insertion order; several names may share a node.
    origin : tuple of (parent id, label)
        For each node, the referrer through which lowering first reached it and
        the label of that edge (``Label``: ``1`` for ``[1]``, ``['paths']``,
        ``.attr``); ``(-1, name)`` for roots. Used for helper names and error
        paths.
    """

    nodes: tuple[Node, ...]
    roots: tuple[tuple[str, NodeId], ...]
    origin: tuple[tuple[NodeId, Label], ...]

    def replace(
        self,
        nodes: tuple[Node, ...] | None = None,
        origin: tuple[tuple[NodeId, Label], ...] | None = None,
    ) -> Graph:
        """A copy with new nodes (and origins, when nodes were added)."""
        return Graph(
            nodes=self.nodes if nodes is None else nodes,
            roots=self.roots,
            origin=self.origin if origin is None else origin,
        )

    def path(self, node_id: NodeId, limit: int = 40) -> str:
        """Where a node sits, e.g. ``results['runs'][3].callback``."""
        parts: list[str] = []
        current = node_id
        for _ in range(limit):
            parent, label = self.origin[current]
            parts.append(label_text(label))
            if parent < 0:
                break
            current = parent
        else:
            parts.append("...")
        return "".join(reversed(parts))


def label_text(label: Label) -> str:
    """How a label reads in a path: ``[3]`` for the item label ``3``."""
    return f"[{label}]" if type(label) is int else label  # type: ignore[return-value]

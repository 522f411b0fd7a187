"""Objects whose attributes point back at their container or owner."""

from golden_types import Node, Plain


def build():
    items = []
    items.append(Plain(owner=items, index=0))
    items.append(Plain(owner=items, index=1))
    root = Node("root")
    root.children.append(Node("leaf", parent=root))
    return {"items": items, "root": root}

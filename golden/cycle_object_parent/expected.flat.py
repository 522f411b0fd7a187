from golden_types import Node as _Node
from golden_types import Plain as _Plain
_items_0 = _Plain.__new__(_Plain)
_items_1 = _Plain.__new__(_Plain)
items = [_items_0, _items_1]
_items_0.owner = items
_items_0.index = 0
_items_1.owner = items
_items_1.index = 1
root = _Node.__new__(_Node)
root.name = 'root'
root.parent = None
root.children = [_Node(name='leaf', parent=root, children=[])]
del _Node, _Plain, _items_0, _items_1
try:
    del __builtins__, _arrays
except NameError:
    pass


def _new_Plain():
    from golden_types import Plain
    return Plain.__new__(Plain)

_items_0 = _new_Plain()
_items_1 = _new_Plain()

def items(_items_0=_items_0, _items_1=_items_1):
    return [_items_0, _items_1]
items = items()

def _fill(_items_0=_items_0, items=items):
    _items_0.owner = items
    _items_0.index = 0
_fill()

def _fill(_items_1=_items_1, items=items):
    _items_1.owner = items
    _items_1.index = 1
_fill()

def root():
    from golden_types import Node
    return Node.__new__(Node)
root = root()

def _fill(root=root):
    from golden_types import Node
    root.name = 'root'
    root.parent = None
    root.children = [Node(name='leaf', parent=root, children=[])]
_fill()

del _items_0, _items_1, _fill, _new_Plain
try:
    del __builtins__, _arrays
except NameError:
    pass

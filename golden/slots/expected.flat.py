from golden_types import Slotted as _Slotted
from golden_types import SlottedChild as _SlottedChild
point = _Slotted.__new__(_Slotted)
point.x = 1.0
point.y = 2.0
point.label = 'p'
unlabelled = _Slotted.__new__(_Slotted)
unlabelled.x = [1]
unlabelled.y = None
child = _SlottedChild.__new__(_SlottedChild)
child.note = 'in __dict__'
child.z = 3
child.x = 1
child.y = 2
del _Slotted, _SlottedChild
try:
    del __builtins__, _arrays
except NameError:
    pass

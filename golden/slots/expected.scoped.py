
def _new_Slotted():
    from golden_types import Slotted
    return Slotted.__new__(Slotted)

point = _new_Slotted()
point.x = 1.0
point.y = 2.0
point.label = 'p'
unlabelled = _new_Slotted()
unlabelled.x = [1]
unlabelled.y = None

def child():
    from golden_types import SlottedChild
    return SlottedChild.__new__(SlottedChild)
child = child()

child.note = 'in __dict__'
child.z = 3
child.x = 1
child.y = 2

del _new_Slotted
try:
    del __builtins__, _arrays
except NameError:
    pass

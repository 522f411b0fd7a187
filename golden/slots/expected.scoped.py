
def point():
    from golden_types import Slotted
    return Slotted.__new__(Slotted)
point = point()

point.x = 1.0
point.y = 2.0
point.label = 'p'

def unlabelled():
    from golden_types import Slotted
    return Slotted.__new__(Slotted)
unlabelled = unlabelled()

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
try:
    del __builtins__, _arrays
except NameError:
    pass

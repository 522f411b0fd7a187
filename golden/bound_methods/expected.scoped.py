
def _new_Counter3():
    from golden_types import Counter3
    return Counter3.__new__(Counter3)

counter = _new_Counter3()
counter.count = 5

def bump(counter=counter):
    return counter.bump
bump = bump()

_other_bump_self = _new_Counter3()
_other_bump_self.count = 7

def other_bump(_other_bump_self=_other_bump_self):
    return _other_bump_self.bump
other_bump = other_bump()

def make():
    from golden_types import Counter3
    return Counter3.make
make = make()

def helper():
    from golden_types import Counter3
    return Counter3.helper
helper = helper()

append = [1, 2].append
get = {'a': 1}.get

del _other_bump_self, _new_Counter3
try:
    del __builtins__, _arrays
except NameError:
    pass

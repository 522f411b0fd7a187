from golden_types import Counter3 as _Counter3
counter = _Counter3.__new__(_Counter3)
counter.count = 5
bump = counter.bump
_other_bump_self = _Counter3.__new__(_Counter3)
_other_bump_self.count = 7
other_bump = _other_bump_self.bump
make = _Counter3.make
helper = _Counter3.helper
append = [1, 2].append
get = {'a': 1}.get
del _Counter3, _other_bump_self
try:
    del __builtins__, _arrays
except NameError:
    pass

empty = ()
single = (1,)
single_nested = ((('deep',),),)
pair = (1, 'two')
nested = ((1, 2), (3, (4, 5)), ())
_holding_lists_0 = [1, 2]

def holding_lists(_holding_lists_0=_holding_lists_0):
    return (_holding_lists_0, _holding_lists_0, [3])
holding_lists = holding_lists()

constant_twice = [(1, 2), (1, 2)]

del _holding_lists_0
try:
    del __builtins__, _arrays
except NameError:
    pass

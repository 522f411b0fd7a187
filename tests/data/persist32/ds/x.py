_g2 = 4
_g1 = 3

def x(_l_0=_g1,_l_1=_g2):
    return [_l_0, _l_1]
x = x()
del _g1, _g2
try: del __builtins__, _arrays
except NameError: pass
import sys
sys.modules[__name__] = x
_g2 = 2
_g1 = 1

def b(_l_0=_g1,_l_1=_g2):
    return [_l_0, _l_1]
b = b()
del _g1, _g2
try: del __builtins__, _arrays
except NameError: pass
import sys
sys.modules[__name__] = b
_g9 = None
_g12 = 'close'
_g11 = 'update'
_g10 = 'load'
_g8 = 'keys'
_g7 = 'info of x'
_g6 = 'x'

def _g5(_l_0=_g12,_l_1=_g9):
    return (_l_0, _l_1)
_g5 = _g5()

def _g4(_l_0=_g11,_l_1=_g9):
    return (_l_0, _l_1)
_g4 = _g4()

def _g3(_l_0=_g10,_l_1=_g9):
    return (_l_0, _l_1)
_g3 = _g3()

def _g2(_l_0=_g8,_l_1=_g9):
    return (_l_0, _l_1)
_g2 = _g2()

def _g1(_l_0=_g6,_l_1=_g7):
    return (_l_0, _l_1)
_g1 = _g1()

def _info_dict(_l_0=_g1,_l_1=_g2,_l_2=_g3,_l_3=_g4,_l_4=_g5):
    from builtins import dict
    return dict([_l_0, _l_1, _l_2, _l_3, _l_4])
_info_dict = _info_dict()
del _g6, _g2, _g1, _g5, _g9, _g4, _g8, _g3, _g7, _g10, _g12, _g11
try: del __builtins__, _arrays
except NameError: pass
def _g_clear_single_item_modules():
    """Find and remove all replaced single_item_mode modules
    from sys.modules and the module dictionary.
    """
    import sys, types
    if not __name__ in sys.modules:
        return
    this_module = sys.modules[__name__]
    for key in list(this_module.__dict__):
        sub_module = __name__ + '.' + key  # Name of submodule
        if (sub_module in sys.modules
                and not isinstance(sys.modules[sub_module], types.ModuleType)):
            del this_module.__dict__[key]
            del sys.modules[sub_module]
_g_clear_single_item_modules()
del _g_clear_single_item_modules

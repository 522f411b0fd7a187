i = 1
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

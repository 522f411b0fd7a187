close = 'CLOSE'
try: del __builtins__, _arrays
except NameError: pass
import sys
sys.modules[__name__] = close
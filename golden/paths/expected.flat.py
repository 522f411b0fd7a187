from pathlib import PosixPath as _PosixPath
from pathlib import PurePosixPath as _PurePosixPath
from pathlib import PureWindowsPath as _PureWindowsPath
posix = _PurePosixPath('/data/run 1/out.h5')
windows = _PureWindowsPath('C:\\Users\\me\\notes.txt')
relative = _PosixPath('results/2024')
here = _PurePosixPath('.')
by_name = {_PurePosixPath('b'): 2, _PurePosixPath('a'): 1}
del _PosixPath, _PurePosixPath, _PureWindowsPath
try:
    del __builtins__, _arrays
except NameError:
    pass

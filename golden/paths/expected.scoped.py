
def posix():
    from pathlib import PurePosixPath
    return PurePosixPath('/data/run 1/out.h5')
posix = posix()

def windows():
    from pathlib import PureWindowsPath
    return PureWindowsPath('C:\\Users\\me\\notes.txt')
windows = windows()

def relative():
    from pathlib import PosixPath
    return PosixPath('results/2024')
relative = relative()

def here():
    from pathlib import PurePosixPath
    return PurePosixPath('.')
here = here()

def by_name():
    from pathlib import PurePosixPath
    return {PurePosixPath('b'): 2, PurePosixPath('a'): 1}
by_name = by_name()

try:
    del __builtins__, _arrays
except NameError:
    pass

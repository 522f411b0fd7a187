buffer = bytearray(b'\x00abc\xff')
empty = bytearray(b'')

def twice(buffer=buffer):
    return [buffer, buffer]
twice = twice()

try:
    del __builtins__, _arrays
except NameError:
    pass

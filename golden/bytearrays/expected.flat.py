buffer = bytearray(b'\x00abc\xff')
empty = bytearray(b'')
twice = [buffer, buffer]
try:
    del __builtins__, _arrays
except NameError:
    pass

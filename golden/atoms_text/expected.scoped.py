plain = 'hello'
quotes = ["it's", 'say "hi"', 'both \' and "', 'back\\slash']
lines = 'first line\nsecond line\n\ttabbed\r\n'
unicode = ['naïve café', '日本語', 'emoji 🎉', '\u200b zero width', '\x00\x7f']
empty = ['', b'']
blob = b"\x00\x01\xff binary 'quoted' \n"
ascii_bytes = b'plain ascii'
long_text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.'
try:
    del __builtins__, _arrays
except NameError:
    pass

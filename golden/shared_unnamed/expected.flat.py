_cfg_paths = {'input': '/data/in', 'output': '/data/out'}
cfg = {'paths': _cfg_paths, 'threads': 4}
job = {'paths': _cfg_paths, 'cfg': cfg, 'steps': [_cfg_paths, {'id': 1}]}
_pair_0 = []
pair = [_pair_0, [_pair_0]]
del _cfg_paths, _pair_0
try:
    del __builtins__, _arrays
except NameError:
    pass

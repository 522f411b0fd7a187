_cfg_paths = {'input': '/data/in', 'output': '/data/out'}

def cfg(_cfg_paths=_cfg_paths):
    return {'paths': _cfg_paths, 'threads': 4}
cfg = cfg()

def job(_cfg_paths=_cfg_paths, cfg=cfg):
    return {'paths': _cfg_paths, 'cfg': cfg, 'steps': [_cfg_paths, {'id': 1}]}
job = job()

_pair_0 = []

def pair(_pair_0=_pair_0):
    return [_pair_0, [_pair_0]]
pair = pair()

del _cfg_paths, _pair_0
try:
    del __builtins__, _arrays
except NameError:
    pass

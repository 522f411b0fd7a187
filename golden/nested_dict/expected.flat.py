config = {
    'model': {
        'name': 'resnet',
        'layers': [64, 128, 256, 512],
        'activation': {'kind': 'relu', 'inplace': True},
        'dropout': 0.1,
    },
    'optimizer': {'kind': 'adam', 'lr': 0.001, 'betas': (0.9, 0.999), 'eps': 1e-08},
    'data': {'train': '/data/train', 'valid': '/data/valid', 'batch': 32},
    'tags': [],
}
try:
    del __builtins__, _arrays
except NameError:
    pass

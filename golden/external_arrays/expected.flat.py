from numpy import array as _array
weights = _arrays['weights']
model = {
    'layers': [_arrays['model_layers_0'], weights],
    'bias': _array([0.0, 0.0, 0.0], dtype='float64'),
    'labels': _arrays['model_labels'],
}
history = [
    _arrays['history_0'],
    _array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], dtype='float64'),
]
same_again = weights
del _array
try:
    del __builtins__, _arrays
except NameError:
    pass

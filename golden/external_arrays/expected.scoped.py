weights = _arrays['weights']

def model(weights=weights):
    from numpy import array
    return {
        'layers': [_arrays['model_layers_0'], weights],
        'bias': array([0.0, 0.0, 0.0], dtype='float64'),
        'labels': _arrays['model_labels'],
    }
model = model()

def history():
    from numpy import array
    return [
        _arrays['history_0'],
        array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], dtype='float64'),
    ]
history = history()

same_again = weights
try:
    del __builtins__, _arrays
except NameError:
    pass

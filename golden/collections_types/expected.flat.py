from collections import Counter as _Counter
from collections import OrderedDict as _OrderedDict
from collections import defaultdict as _defaultdict
from collections import deque as _deque
from golden_types import Pair as _Pair
from golden_types import Span as _Span
ordered = _OrderedDict([('b', 1), ('a', 2)])
empty_ordered = _OrderedDict()
tally = _defaultdict(list, {'a': [1], 'b': [2, 3]})
counts = _defaultdict(int, {'x': 3})
no_factory = _defaultdict(None)
queue = _deque([1, 2, 3])
window = _deque([4, 5], maxlen=3)
counter = _Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1})
pair = _Pair(1, [2])
span = _Span(0, 10, 'all')
spans = [_Span(1, 2, ''), _Pair('x', 'y')]
del _Counter, _OrderedDict, _defaultdict, _deque, _Pair, _Span
try:
    del __builtins__, _arrays
except NameError:
    pass

from collections import Counter as _Counter
from collections import OrderedDict as _OrderedDict
from collections import defaultdict as _defaultdict
from collections import deque as _deque
from golden_types import Plain as _Plain
tally = _defaultdict(list)
tally['self'] = tally
tally['more'] = [1]
ordered = _OrderedDict()
ordered['a'] = 1
ordered['me'] = (ordered, 2)
ordered['b'] = 3
queue = _deque(maxlen=3)
queue.extend([1, 2, (queue,)])
_counts_key_0 = _Plain.__new__(_Plain)
counts = _Counter({_counts_key_0: 2})
_counts_key_0.owner = counts
holder = []
holder.append(_defaultdict(int, {'a': 1, 'holder': holder}))
del _Counter, _OrderedDict, _defaultdict, _deque, _Plain, _counts_key_0
try:
    del __builtins__, _arrays
except NameError:
    pass

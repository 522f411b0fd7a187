
def tally():
    from collections import defaultdict
    return defaultdict(list)
tally = tally()

tally['self'] = tally
tally['more'] = [1]

def ordered():
    from collections import OrderedDict
    return OrderedDict()
ordered = ordered()

ordered['a'] = 1
ordered['me'] = (ordered, 2)
ordered['b'] = 3

def queue():
    from collections import deque
    return deque(maxlen=3)
queue = queue()

queue.extend([1, 2, (queue,)])

def _counts_key_0():
    from golden_types import Plain
    return Plain.__new__(Plain)
_counts_key_0 = _counts_key_0()

def counts(_counts_key_0=_counts_key_0):
    from collections import Counter
    return Counter({_counts_key_0: 2})
counts = counts()

def _fill(_counts_key_0=_counts_key_0, counts=counts):
    _counts_key_0.owner = counts
_fill()

holder = []

def _fill(holder=holder):
    from collections import defaultdict
    holder.append(defaultdict(int, {'a': 1, 'holder': holder}))
_fill()

del _counts_key_0, _fill
try:
    del __builtins__, _arrays
except NameError:
    pass

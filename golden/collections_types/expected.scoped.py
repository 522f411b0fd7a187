
def ordered():
    from collections import OrderedDict
    return OrderedDict([('b', 1), ('a', 2)])
ordered = ordered()

def empty_ordered():
    from collections import OrderedDict
    return OrderedDict()
empty_ordered = empty_ordered()

def tally():
    from collections import defaultdict
    return defaultdict(list, {'a': [1], 'b': [2, 3]})
tally = tally()

def counts():
    from collections import defaultdict
    return defaultdict(int, {'x': 3})
counts = counts()

def no_factory():
    from collections import defaultdict
    return defaultdict(None)
no_factory = no_factory()

def queue():
    from collections import deque
    return deque([1, 2, 3])
queue = queue()

def window():
    from collections import deque
    return deque([4, 5], maxlen=3)
window = window()

def counter():
    from collections import Counter
    return Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1})
counter = counter()

def pair():
    from golden_types import Pair
    return Pair(1, [2])
pair = pair()

def span():
    from golden_types import Span
    return Span(0, 10, 'all')
span = span()

def spans():
    from golden_types import Pair
    from golden_types import Span
    return [Span(1, 2, ''), Pair('x', 'y')]
spans = spans()

try:
    del __builtins__, _arrays
except NameError:
    pass

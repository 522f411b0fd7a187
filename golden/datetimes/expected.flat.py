from datetime import date as _date
from datetime import datetime as _datetime
from datetime import time as _time
from datetime import timedelta as _timedelta
from datetime import timezone as _timezone
day = _date(2024, 1, 31)
midnight = _datetime(2024, 1, 31)
moment = _datetime(2024, 1, 31, 13, 45, 7, 250)
utc = _datetime(2000, 1, 1, tzinfo=_timezone.utc)
offset = _datetime(2024, 6, 1, 9, tzinfo=_timezone(_timedelta(days=-1, seconds=61200)))
_named_zone_tzinfo = _timezone(_timedelta(seconds=19800), 'IST')
named_zone = _datetime(2024, 6, 1, 9, 30, tzinfo=_named_zone_tzinfo)
clock = [_time(), _time(12, 0, 0, 1), _time(23, 59, tzinfo=_named_zone_tzinfo)]
durations = [_timedelta(), _timedelta(days=-1, seconds=5), _timedelta(microseconds=1)]
zones = [_timezone.utc, _named_zone_tzinfo, _timezone.utc]
extremes = [
    _date(1, 1, 1),
    _datetime(9999, 12, 31, 23, 59, 59, 999999),
    _timedelta(days=999999999, seconds=86399, microseconds=999999),
]
del _date, _datetime, _time, _timedelta, _timezone, _named_zone_tzinfo
try:
    del __builtins__, _arrays
except NameError:
    pass

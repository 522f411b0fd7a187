
def day():
    from datetime import date
    return date(2024, 1, 31)
day = day()

def midnight():
    from datetime import datetime
    return datetime(2024, 1, 31)
midnight = midnight()

def moment():
    from datetime import datetime
    return datetime(2024, 1, 31, 13, 45, 7, 250)
moment = moment()

def utc():
    from datetime import datetime
    from datetime import timezone
    return datetime(2000, 1, 1, tzinfo=timezone.utc)
utc = utc()

def offset():
    from datetime import datetime
    from datetime import timedelta
    from datetime import timezone
    return datetime(2024, 6, 1, 9, tzinfo=timezone(timedelta(days=-1, seconds=61200)))
offset = offset()

def _named_zone_tzinfo():
    from datetime import timedelta
    from datetime import timezone
    return timezone(timedelta(seconds=19800), 'IST')
_named_zone_tzinfo = _named_zone_tzinfo()

def named_zone(_named_zone_tzinfo=_named_zone_tzinfo):
    from datetime import datetime
    return datetime(2024, 6, 1, 9, 30, tzinfo=_named_zone_tzinfo)
named_zone = named_zone()

def clock(_named_zone_tzinfo=_named_zone_tzinfo):
    from datetime import time
    return [time(), time(12, 0, 0, 1), time(23, 59, tzinfo=_named_zone_tzinfo)]
clock = clock()

def durations():
    from datetime import timedelta
    return [timedelta(), timedelta(days=-1, seconds=5), timedelta(microseconds=1)]
durations = durations()

def zones(_named_zone_tzinfo=_named_zone_tzinfo):
    from datetime import timezone
    return [timezone.utc, _named_zone_tzinfo, timezone.utc]
zones = zones()

def extremes():
    from datetime import date
    from datetime import datetime
    from datetime import timedelta
    return [
        date(1, 1, 1),
        datetime(9999, 12, 31, 23, 59, 59, 999999),
        timedelta(days=999999999, seconds=86399, microseconds=999999),
    ]
extremes = extremes()

del _named_zone_tzinfo
try:
    del __builtins__, _arrays
except NameError:
    pass

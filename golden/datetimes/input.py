"""datetime values: naive, aware (utc and fixed offsets), times, durations."""

import datetime as dt


def build():
    tz = dt.timezone(dt.timedelta(hours=5, minutes=30), "IST")
    return {
        "day": dt.date(2024, 1, 31),
        "midnight": dt.datetime(2024, 1, 31),
        "moment": dt.datetime(2024, 1, 31, 13, 45, 7, 250),
        "utc": dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc),
        "offset": dt.datetime(
            2024, 6, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=-7))
        ),
        "named_zone": dt.datetime(2024, 6, 1, 9, 30, tzinfo=tz),
        "clock": [dt.time(), dt.time(12, 0, 0, 1), dt.time(23, 59, tzinfo=tz)],
        "durations": [
            dt.timedelta(),
            dt.timedelta(days=-1, seconds=5),
            dt.timedelta(microseconds=1),
        ],
        "zones": [dt.timezone.utc, tz, dt.timezone(dt.timedelta(0))],
        "extremes": [dt.date.min, dt.datetime.max, dt.timedelta.max],
    }

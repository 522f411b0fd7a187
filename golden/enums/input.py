"""Enum members by name; a combined flag by value."""

from golden_types import Color, Level, Permission


def build():
    return {
        "color": Color.RED,
        "palette": [Color.GREEN, Color.BLUE, Color.GREEN],
        "level": Level.HIGH,
        "read": Permission.READ,
        "read_write": Permission.READ | Permission.WRITE,
        "by_color": {Color.RED: "stop", Color.GREEN: "go"},
        "color_set": {Color.BLUE, Color.RED, Color.GREEN},
        "enum_class": Color,
    }

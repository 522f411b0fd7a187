# Amplifier settings for the bench rig.
# Edited by hand after the October recalibration: see the lab book, p. 41.

# gain in V/V, measured on run 12
gain = 1.5

# keep the offset at zero until the new DAC arrives
offset = 0.0
channels = ['left', 'right']  # wiring order on the back panel

calibration = {'date': '2026-11-02', 'operator': 'ana', 'points': [0.0, 0.5, 1.0, 1.5]}
try:
    del __builtins__, _arrays
except NameError:
    pass

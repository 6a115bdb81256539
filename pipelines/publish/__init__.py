"""Publish: what a run leaves behind. ``swap`` makes publishing all-or-nothing and one run at a
time; ``outputs`` writes the files other tools read; ``manifest`` records each run."""

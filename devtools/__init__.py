"""Tools for the people who build De-escalate, not for trainees: benchmarks, model training, test-audio makers.

They sit above the product (they may import anything in ``simulator``; nothing in
``simulator`` imports them), so the product modules carry no measuring or
training code. ``deescalate bench`` and ``deescalate train`` are added by
``devtools.cli`` when this package is installed (it is, with the app).
"""

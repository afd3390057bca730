"""Injected clocks: the real one for live play, a manual one for scripts, tests and replay.

Drift with time and silence depends on the clock, so a session that reads
time from an injected clock reproduces exactly when replayed.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since an arbitrary, fixed origin."""
        ...


class MonotonicClock:
    """Wall time for live sessions (monotonic: immune to clock changes)."""

    def now(self) -> float:
        return time.monotonic()


class ManualClock:
    """Time that moves only when told to."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time cannot go backwards")
        self._now += seconds

"""The line picker: which of the person's lines fits now, and not the one just said.

A phase's lines are filtered by their conditions on the current state; among
those, a line written to answer what the trainee just did (``after:`` the turn's
techniques or action, the primary one first) beats a general line; lines said
in the last few replies are avoided when another fits; the seeded generator
picks among what is left, so the same session always says the same lines.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Mapping

from simulator.scenario.model import Line

RECENT_LINES = 3  # lines said this recently are avoided when another fits


class LinePicker:
    """Picks lines for one session; remembers the last ``RECENT_LINES`` said."""

    def __init__(self, rng: random.Random, recent: int = RECENT_LINES) -> None:
        self.rng = rng
        self.recent: deque[str] = deque(maxlen=recent)

    def pick(
        self,
        lines: tuple[Line, ...],
        env: Mapping[str, float | bool],
        triggers: set[str],
        primary: str | None,
        prefer_conditions: bool = False,
        allows: Callable[[Line], bool] | None = None,
    ) -> Line | None:
        """The line to say, or None when none fits. ``prefer_conditions``: entering a phase, where a line
        written for this state beats the catch-all."""
        fitting = [ln for ln in lines if ln.when is None or ln.when(env)]
        if allows is not None:  # schema 2 memory: facts told, never twice in a row, at most twice a session
            fitting = [ln for ln in fitting if allows(ln)]
        if prefer_conditions:
            fitting = [ln for ln in fitting if ln.when is not None] or fitting
        responsive = [ln for ln in fitting if ln.after & triggers]
        if primary is not None:
            responsive = [ln for ln in responsive if primary in ln.after] or responsive
        pool = responsive or [ln for ln in fitting if not ln.after]
        if not pool:
            return None
        fresh = [ln for ln in pool if ln.id not in self.recent] or pool
        return fresh[self.rng.randrange(len(fresh))]

    def said(self, line_id: str) -> None:
        """A line (or a referral's or ending's words) was said."""
        self.recent.append(line_id)

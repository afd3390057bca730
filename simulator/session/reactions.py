"""How the person reacts to what the trainee did: techniques weighted, actions as a table of effects.

A technique's reaction is the scenario's first case whose condition holds
(``technique_reactions``); its weight falls for secondary techniques of a turn,
for low confidence, and for supportive moves repeated within a few turns (a
stock phrase wears off). An action moves the person by its reaction case and
changes the officer's own facts by the ``ACTION_EFFECTS`` table below.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping

from simulator import vocabulary as vocab
from simulator.scenario.model import Change, ReactionCase
from simulator.understanding.reading import Reading, TechniqueHit

SECONDARY_WEIGHT = 0.5  # techniques after the primary in one turn count half
REPEAT_WINDOW = 4  # supportive moves repeated within this many turns are halved per repeat

Value = float | bool
Env = Mapping[str, Value]


def case(cases: tuple[ReactionCase, ...], env: Env) -> Change:
    """The change of the first case whose condition holds (a case without one always does), else nothing."""
    for c in cases:
        if c.when is None or c.when(env):
            return c.change
    return {}


class TechniqueWeights:
    """How much each technique of a turn counts, remembering the last ``REPEAT_WINDOW`` turns' techniques."""

    def __init__(self) -> None:
        self.recent: deque[set[str]] = deque(maxlen=REPEAT_WINDOW)

    def of(self, reading: Reading) -> list[tuple[TechniqueHit, float]]:
        """Each hit with its weight; the turn is then remembered."""
        recent = [t for turn in self.recent for t in turn]
        out = []
        for i, hit in enumerate(reading.techniques):
            weight = (1.0 if i == 0 else SECONDARY_WEIGHT) * (0.5 + 0.5 * max(0.0, min(1.0, hit.confidence)))
            if vocab.polarity(hit.id) == "supportive":
                weight *= 0.5 ** recent.count(hit.id)
            out.append((hit, weight))
        self.recent.append({h.id for h in reading.techniques})
        return out


def _set(value: Value) -> Callable[[Value], Value]:
    return lambda _old: value


# What each action does to the officer's own facts (``OFFICER_FACTS``): fact -> new value from the old one.
ACTION_EFFECTS: dict[str, dict[str, Callable[[Value], Value]]] = {
    "step_back": {"distance": lambda d: min(3, float(d) + 1)},
    "approach": {"distance": lambda d: max(0, float(d) - 1)},
    "sit_down": {"seated": _set(True)},
    "hands_visible": {"hands_shown": _set(True)},
    "call_backup": {"backup_called": _set(True)},
    "call_mobile_crisis": {"crisis_team_called": _set(True)},
    "draw_weapon": {"weapon_drawn": _set(True)},
    "holster": {"weapon_drawn": _set(False)},
    "physical_control": {"force_used": _set(True), "distance": _set(0)},
}


def officer_after(action: str, officer: Mapping[str, Value]) -> dict[str, Value]:
    """The officer's facts after ``action`` (only those it changes)."""
    return {fact: effect(officer[fact]) for fact, effect in ACTION_EFFECTS.get(action, {}).items()}

"""The change accumulator: what one step of a turn did to the person's state and the officer's facts.

A step (the drift settled, a technique's reaction, an action, a referral's
answer, a line's own change) may move the same variable several times; the
``state_changed`` event it ends in shows each variable once, from its value
before the step to its value after, with every cause that moved it. ``apply``
is the one place a change is applied to the person's variables (clamped to the
variable's range), so rules about how state may move live here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from simulator.scenario.model import Change, Variable

Value = float | bool


class Changes:
    """Per name: the value before the step, the value now, and what moved it (in order)."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Value, list[Value], list[str]]] = {}

    def record(self, name: str, old: Value, new: Value, cause: str) -> None:
        """``name`` went from ``old`` to ``new`` because of ``cause`` (the first ``old`` of a step is kept)."""
        entry = self._entries.get(name)
        if entry is None:
            entry = self._entries[name] = (old, [new], [])
        entry[1][0] = new
        entry[2].append(cause)

    def __bool__(self) -> bool:
        return bool(self._entries)

    def moved(self) -> dict[str, list[Value]]:
        """``{name: [before, after]}`` for what ended the step different, rounded as events show numbers."""
        return {k: [rounded(old), rounded(now[0])] for k, (old, now, _) in self._entries.items() if old != now[0]}

    def causes(self) -> list[str]:
        """Every cause of the step, sorted (a change undone within the step still names its cause)."""
        return sorted({c for _, _, causes in self._entries.values() for c in causes})


def apply(variables: dict[str, Value], specs: Mapping[str, Variable], change: Change, weight: float, cause: str, into: Changes,
          hold: Callable[[str, float, float], float] | None = None) -> None:
    """Apply ``change`` (numbers as deltas scaled by ``weight``, flags as values) to ``variables``, recording it ``into``.
    ``hold`` (schema 2) stops a number at a floor or ceiling the scenario sets for the person's state."""
    for name, delta in change.items():
        old = variables[name]
        new = specs[name].clamp(delta if isinstance(delta, bool) else float(old) + float(delta) * weight)
        if hold is not None and not isinstance(new, bool):
            new = hold(name, float(old), float(new))
        if new == old:
            continue
        variables[name] = new
        into.record(name, old, new, cause)


def rounded(value: Any) -> Any:
    """A number as events carry it: two decimals, whole numbers as ints; flags unchanged."""
    if isinstance(value, bool):
        return value
    r = round(float(value), 2)
    return int(r) if r == math.floor(r) else r


def rounded_all(values: Mapping[str, Value]) -> dict[str, Value]:
    return {k: rounded(v) for k, v in values.items()}

"""Where the body and the clock set limits: floors, the pace of a good ending, actions to no purpose.

A man on day four of methamphetamine does not reach agitation 0 however well
he is spoken to; a woman outside a railing does not come back over and accept
help in a minute and a half; stepping back when already far, or sitting when
seated, changes nothing. These rules live here so the session applies them
the same way in every scenario.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.scenario.model import Scenario

# An action that would change nothing of the officer's position has no effect on the person either.
_NO_OP: dict[str, tuple[str, object]] = {
    "sit_down": ("seated", True),
    "hands_visible": ("hands_shown", True),
    "call_backup": ("backup_called", True),
    "call_mobile_crisis": ("crisis_team_called", True),
    "holster": ("weapon_drawn", False),
}


def action_is_idle(action: str, officer: Mapping[str, float | bool]) -> bool:
    """Is ``action`` repeated to no purpose (stepping back when already far, sitting when seated)?"""
    if action == "step_back":
        return float(officer.get("distance", 1)) >= 3
    if action == "approach":
        return float(officer.get("distance", 1)) <= 0
    if action in _NO_OP:
        name, done = _NO_OP[action]
        return officer.get(name) == done
    return False


def hold(scenario: Scenario, name: str, old: float, new: float, env: Mapping[str, float | bool]) -> float:
    """``new`` as the scenario's floors allow it: a move stops at a floor (or ceiling) that holds now.

    A value already past a floor is not pushed back to it (the floor stops moves, it does not cause them).
    """
    for floor in scenario.floors:
        if floor.variable != name or (floor.when is not None and not floor.when(env)):
            continue
        if floor.minimum is not None and new < old and new < floor.minimum:
            new = min(old, floor.minimum)
        if floor.maximum is not None and new > old and new > floor.maximum:
            new = max(old, floor.maximum)
    return new


def ending_blocked(scenario: Scenario, ending_id: str, env: Mapping[str, float | bool]) -> str | None:
    """Why ``ending_id`` cannot be reached now (its requirement or the minimum pace), or None if it can."""
    ending = scenario.endings.get(ending_id)
    if ending is None:
        return None
    if ending.requires is not None and not ending.requires(env):
        return f"requires {ending.requires.source}"
    if ending.outcome == "voluntary_help":
        p = scenario.pacing
        if float(env.get("elapsed", 0)) < p.min_seconds:
            return f"too soon: {float(env.get('elapsed', 0)):.0f} s of at least {p.min_seconds:g} s"
        if float(env.get("turn", 0)) < p.min_turns:
            return f"too soon: turn {env.get('turn')} of at least {p.min_turns}"
    return None

"""Names the runtime keeps for every session, readable in any scenario condition."""

from __future__ import annotations

from typing import Final

# Officer facts changed by actions, and the clock and turn counters.
OFFICER_FACTS: Final[dict[str, float | bool]] = {
    "distance": 1,
    "seated": False,
    "hands_shown": False,
    "weapon_drawn": False,
    "force_used": False,
    "backup_called": False,
    "crisis_team_called": False,
}
COUNTERS: Final[dict[str, float]] = {"turn": 0, "phase_turns": 0, "elapsed": 0.0, "silence": 0.0,
                                     # ruptures and repairs so far (simulator/repair.py, issue 19)
                                     "ruptures": 0, "unrepaired": 0, "repairs": 0, "dangerous_acts": 0}
BUILTIN_NAMES: Final[frozenset[str]] = frozenset(OFFICER_FACTS) | frozenset(COUNTERS)

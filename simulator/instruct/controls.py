"""The instructor's controls, as the hub and the station see them: defined with the session
(``simulator.session.instructor``), because replay, which sits below the hub, re-applies them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.session import Session
from simulator.session.instructor import *  # noqa: F403 — the station's and the hub's names for the controls
from simulator.session.instructor import DEFAULT_CUES, KINDS, MAX_TEXT, ControlError, Cue, apply_control, check_control, cues_for, number_ranges

__all__ = ["DEFAULT_CUES", "KINDS", "MAX_TEXT", "ControlError", "Cue", "apply_control", "check_control", "cues_for", "number_ranges",
           "replay_instructed"]


def replay_instructed(folder: Path, scenario: Any = None) -> Session:
    """Re-run a recorded session with its inputs *and* its instructor events, in their order (``records.replay``)."""
    from simulator.records.replay import replay

    return replay(folder, scenario).session

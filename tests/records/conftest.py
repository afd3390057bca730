"""Helpers for the records tests: real recordings made by the real CLI and the real recorder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.catalog import find
from simulator.clock import ManualClock
from simulator.records.recorder import Recorder
from simulator.script import parse_script, play_steps
from simulator.session import Session

GOOD = """\
hi my name is officer daniels i'm with the police department
/step_back
can you tell me what's going on tonight
it sounds like you're really scared right now
are you thinking about killing yourself or hurting yourself
i'd like to get you some help would you be willing to talk with somebody who can help
/refer crisis_line_988
"""


def record(sessions_dir: Path, scenario: str = "bridge_suicidal", script: str = GOOD, seed: int = 0, trainee: str = "Ana Ruiz") -> Path:
    """Record one scripted session with the real recorder; returns its folder."""
    session = Session(find(scenario), seed=seed, clock=ManualClock(), trainee=trainee)
    rec = Recorder(session, sessions_dir)
    play_steps(session, parse_script(script))
    rec.finish()
    return rec.folder


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    return record(tmp_path / "sessions")


def event_rows(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]

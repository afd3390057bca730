"""Sessions recorded in format 2 by today's code replay to the very same session: every event and every score.

The four sessions in tests/fixtures/sessions_v2 were written through the real
recorder by record_v2.py there (two by ``deescalate play FILE --script``, one driven
the way the app does, one the way the terminal player does), against the scenario
files pinned beside them. Format 2 logs every input, ticks included, so replay
reads the inputs back instead of inferring them; nothing is left out of the
comparison. When a change to the simulation is meant to change how sessions react,
this test fails with the first event and field that differ; re-record with
record_v2.py and say so in the commit.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from simulator import events as ev
from simulator.records.compare import compare
from simulator.records.recorder import FORMAT_VERSION
from simulator.records.replay import replay
from simulator.records.store import read_events
from simulator.scenario.loader import load_scenario_or_raise
from simulator.scoring import score

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sessions_v2"
SESSIONS = sorted(p.name for p in (FIXTURES / "sessions").iterdir() if p.is_dir())


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_fixtures_are_format_2_and_cover_cli_app_and_terminal_sessions():
    kinds: set[str] = set()
    for name in SESSIONS:
        folder = FIXTURES / "sessions" / name
        assert json.loads((folder / "session.json").read_text(encoding="utf-8"))["format"] == FORMAT_VERSION == 2
        rows = _rows(folder / "events.jsonl")
        kinds |= {r["type"] for r in rows}
        kinds |= {f"source:{r['data']['source']}" for r in rows if r["type"] == "trainee_said"}
        kinds |= {f"input:{r['data']['kind']}" for r in rows if r["type"] == ev.INPUT}
    assert len(SESSIONS) >= 4
    assert {"source:speech", "source:typed", "source:script", "waited", "input_ignored", "choice_made", "referral_offered",
            "session_ended", "input:tick", "input:say", "input:act", "input:choose", "input:refer", "input:wait"} <= kinds


@pytest.mark.parametrize("name", SESSIONS)
def test_a_format_2_session_replays_to_identical_events_and_scores(tmp_path, name):
    folder = tmp_path / name
    shutil.copytree(FIXTURES / "sessions" / name, folder)
    meta = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    scenario = load_scenario_or_raise(FIXTURES / "scenarios" / f"{meta['scenario']}.yaml")
    assert scenario.content_hash == meta["content_hash"], "the pinned scenario is not the one the session ran"

    done = replay(folder, scenario, strict=True)

    recorded = read_events(folder)
    verdict = compare(recorded, done.session.events, finished=True)
    assert verdict.same, verdict.difference
    assert len(done.session.events) == len(recorded)  # nothing left out: the input log is compared too
    for want, got in zip(_rows(folder / "events.jsonl"), done.session.events):
        got_row = json.loads(json.dumps(got.to_dict()))
        assert {k: got_row[k] for k in ("seq", "t", "turn", "type", "data")} == {k: want[k] for k in ("seq", "t", "turn", "type", "data")}
    assert score(done.session.events).as_dict() == score(recorded).as_dict()
    assert {k: v for k, v in score(done.session.events).as_dict().items() if k in meta["scores"]} == meta["scores"]
    assert done.session.ending == meta["ending"]

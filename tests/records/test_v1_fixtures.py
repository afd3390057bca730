"""Sessions recorded in format 1 (before typed inputs were logged): what replay still promises for them.

The four sessions in tests/fixtures/sessions_v1 were written by the code of that
time (see record_v1.py there): two by ``deescalate play --script``, one the way the
app drives a session (a tick a second, spoken turns, an ignored choice, a long
silence, a wait, a quit after the ending) and one the way the terminal player does
(a tick before every line). They ran against the scenario files pinned beside them,
so a later rewrite of the shipped scenarios does not change what they mean.

Format 1 logged no inputs, so replay infers them from the reactions. What stays
true however the simulation changes: the inputs read back from each log are
exactly the ones the trainee gave (``recorded_inputs.json``, written from the
plans and scripts, not from the logs), and the replay feeds all of them and runs
to the end. Identity is not promised for them: they cannot be re-recorded, and
deliberate changes since (issue 19's proportional reactions and ruptures, issue
12's retrained reader) make them react differently. When a replay parts from the
recording, the comparison must name its first difference precisely (event index
and field), which is what a reviewer reads to decide whether the change was meant.
Sessions recorded with today's code are held to identity in test_v2_fixtures.py.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from simulator import events as ev
from simulator import inputs
from simulator.records.compare import compare
from simulator.records.replay import inputs_of, replay
from simulator.records.store import read_events, read_raw_events
from simulator.scenario.loader import load_scenario_or_raise
from simulator.scoring import score

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sessions_v1"
SESSIONS = sorted(p.name for p in (FIXTURES / "sessions").iterdir() if p.is_dir())
RECORDED_INPUTS: dict[str, Any] = json.loads((FIXTURES / "recorded_inputs.json").read_text(encoding="utf-8"))
# How compare() names a difference: the event (its index among the compared events, seq, turn, type), then the field
# (a dotted path into the payload, the turn or the time), or the event type the replay wrote there instead.
PRECISE = re.compile(r"^event \d+ of \d+ \(seq \d+, turn \d+, [a-z_]+\): "
                     r"((data(\.[A-Za-z_0-9]+|\[\d+\])+|turn|time): recorded .+|the replay wrote a [a-z_]+ event there instead)$")


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _replayed(tmp_path: Path, name: str):
    folder = tmp_path / name
    shutil.copytree(FIXTURES / "sessions" / name, folder)
    meta = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    scenario = load_scenario_or_raise(FIXTURES / "scenarios" / f"{meta['scenario']}.yaml")
    assert scenario.content_hash == meta["content_hash"], "the pinned scenario is not the one the session ran"
    return folder, meta, replay(folder, scenario, strict=True)


def test_the_fixtures_cover_cli_app_and_terminal_sessions():
    kinds = set()
    for name in SESSIONS:
        rows = _rows(FIXTURES / "sessions" / name / "events.jsonl")
        kinds |= {r["type"] for r in rows}
        kinds |= {f"source:{r['data']['source']}" for r in rows if r["type"] == "trainee_said"}
    assert len(SESSIONS) >= 4
    assert set(SESSIONS) == set(RECORDED_INPUTS) - {"about"}
    assert {"source:speech", "source:typed", "source:script", "waited", "input_ignored", "choice_made", "referral_offered",
            "keyword_heard", "session_ended"} <= kinds
    assert ev.INPUT not in kinds  # they really are format 1


@pytest.mark.parametrize("name", SESSIONS)
def test_the_inputs_read_back_from_a_format_1_log_are_the_ones_the_trainee_gave(name):
    read = [inputs.to_dict(i) for i in inputs_of(read_raw_events(FIXTURES / "sessions" / name))]
    trainee = [i for i in read if i["kind"] != "tick"]
    assert trainee == RECORDED_INPUTS[name]["given"]  # in order, every field (a spoken turn's source too); nothing given after the end


@pytest.mark.parametrize("name", SESSIONS)
def test_a_format_1_session_replays_to_its_end_and_names_its_first_difference(tmp_path, name):
    folder, meta, done = _replayed(tmp_path, name)
    fed = [e.data for e in done.session.events if e.type == ev.INPUT]
    assert fed == [inputs.to_dict(i) for i in inputs_of(read_raw_events(folder))], "the replay did not feed every input it read"
    assert not done.warnings

    verdict = compare(read_events(folder), done.session.events, finished=True)
    if verdict.same:  # nothing the session did has changed since: then it scores and ends as it did
        assert score(done.session.events).as_dict() == score(read_events(folder)).as_dict()
        assert done.session.ending == meta["ending"]
    else:
        assert PRECISE.match(verdict.difference), f"the first difference is not named precisely: {verdict.difference!r}"


def test_the_comparison_names_the_event_and_the_field_where_a_replay_parts():
    """The wording the test above relies on, on a known change: one number in one event's payload."""
    events = read_events(FIXTURES / "sessions" / "v1-app-dementia-speech")
    i = next(k for k, e in enumerate(events) if e.type == ev.STATE_CHANGED)
    changed = json.loads(json.dumps(events[i].data))
    name = next(iter(changed["changes"]))
    changed["changes"][name][1] = float(changed["changes"][name][1]) + 1.0
    altered = [*events[:i], type(events[i])(events[i].seq, events[i].t, events[i].turn, events[i].type, changed), *events[i + 1:]]
    verdict = compare(events, altered, finished=True)
    assert not verdict.same
    assert verdict.difference.startswith(f"event {i + 1} of {len(events)} (seq {events[i].seq}, turn {events[i].turn}, state_changed): "
                                         f"data.changes.{name}[1]: recorded ")
    assert PRECISE.match(verdict.difference)

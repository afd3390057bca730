"""Each control on a real recorded session: its instructor event in the log, its effect, and a replay that gives the same session."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import events as ev
from simulator.clock import ManualClock
from simulator.instruct.controls import DEFAULT_CUES, ControlError, apply_control, cues_for, replay_instructed
from simulator.records.recorder import Recorder
from simulator.records.store import read_events
from simulator.scenario.model import Scenario
from simulator.session import Session


def recorded(scenario: Scenario, tmp_path: Path) -> tuple[Session, Recorder]:
    session = Session(scenario, seed=3, clock=ManualClock(), trainee="Ana")
    return session, Recorder(session, tmp_path)


def test_every_scenario_gets_the_three_built_in_cues(scenario: Scenario) -> None:
    assert [c.id for c in cues_for(scenario)] == ["bystander_shouts", "cover_moves_up", "crisis_team_arrives"]
    assert all(c.narration and c.reply and c.reply_upset for c in DEFAULT_CUES)


def test_a_cue_is_logged_then_the_scene_and_the_person_react(scenario: Scenario, tmp_path: Path) -> None:
    session, rec = recorded(scenario, tmp_path)
    session.start()
    session.say("You sound really scared.")
    before = dict(session.variables)
    apply_control(session, {"kind": "cue", "cue": "bystander_shouts", "id": "c1", "by": "Sgt. Reyes"})
    rec.finish()
    logged = read_events(rec.folder)
    i = next(i for i, e in enumerate(logged) if e.type == ev.INSTRUCTOR)
    assert logged[i].data == {"kind": "cue", "id": "c1", "by": "Sgt. Reyes", "cue": "bystander_shouts"}
    assert logged[i].turn == 1
    after = [e.type for e in logged[i + 1:]]
    assert after[:3] == [ev.PERSON_SAID, ev.STATE_CHANGED, ev.PERSON_SAID]
    assert logged[i + 1].data["speaker"] == "narrator" and logged[i + 3].data["speaker"] == "person"
    assert logged[i + 2].data["causes"] == ["instructor:cue:bystander_shouts"]
    assert session.variables["agitation"] == min(100, before["agitation"] + 12) and session.variables["trust"] == max(0, before["trust"] - 5)
    assert not ev.payload_problems(ev.INSTRUCTOR, logged[i].data)


def test_a_nudge_stays_within_the_scenarios_ranges_and_names_only_its_variables(scenario: Scenario, tmp_path: Path) -> None:
    session, _ = recorded(scenario, tmp_path)
    session.start()
    apply_control(session, {"kind": "nudge", "changes": {"agitation": -5, "hope": 500}, "id": "n1", "by": "I"})
    assert session.variables["agitation"] == 65 and session.variables["hope"] == 10  # hope's range is 0..10
    nudge = next(e for e in session.events if e.type == ev.INSTRUCTOR)
    assert nudge.data["changes"] == {"agitation": -5.0, "hope": 10.0}  # clamped to the span of hope's range
    assert not session.finished
    for bad in ({"kind": "nudge", "changes": {"told_story": 1}}, {"kind": "nudge", "changes": {"weapon_drawn": 1}},
                {"kind": "nudge", "changes": {"agitation": "lots"}}, {"kind": "nudge", "changes": {}},
                {"kind": "cue", "cue": "helicopter"}, {"kind": "hint", "text": "  "}, {"kind": "note", "text": "x" * 2001},
                {"kind": "teleport"}):
        n = len(session.events)
        with pytest.raises(ControlError):
            apply_control(session, bad)
        assert len(session.events) == n  # nothing written for a refused control


def test_hint_note_pause_and_end_are_recorded_and_end_closes(scenario: Scenario, tmp_path: Path) -> None:
    session, rec = recorded(scenario, tmp_path)
    session.start()
    session.say("Hi, I'm officer Lee.")
    for c in ({"kind": "pause"}, {"kind": "resume"}, {"kind": "hint", "text": "Ask about his job."}, {"kind": "note", "text": "Good open."}):
        apply_control(session, {**c, "by": "I"})
    apply_control(session, {"kind": "end", "by": "I"})
    assert session.finished and session.closed
    assert apply_control(session, {"kind": "hint", "text": "late"}) is None  # after the end: nothing
    rec.finish()
    logged = read_events(rec.folder)
    kinds = [e.data["kind"] for e in logged if e.type == ev.INSTRUCTOR]
    assert kinds == ["pause", "resume", "hint", "note", "end"]
    assert logged[-1].type == ev.SESSION_CLOSED and logged[-1].data["reason"] == "the instructor ended the session"


def test_a_steered_session_replays_to_the_same_events(scenario: Scenario, tmp_path: Path) -> None:
    session, rec = recorded(scenario, tmp_path)
    session.start()
    session.say("You sound really scared.")
    session.clock.advance(5)  # type: ignore[attr-defined]
    apply_control(session, {"kind": "cue", "cue": "cover_moves_up", "id": "a", "by": "I"})
    session.say("There's no rush, take your time.")
    apply_control(session, {"kind": "nudge", "changes": {"trust": 15}, "id": "b", "by": "I"})
    session.say("Tell me about your job at the warehouse.")
    rec.finish()
    replayed = replay_instructed(rec.folder, scenario)
    strip = lambda es: [(e.type, e.turn, e.data) for e in es]  # noqa: E731
    assert strip(replayed.events) == strip(read_events(rec.folder))
    assert replayed.variables == session.variables

"""simulator.inputs: inputs are frozen values, one slash-command language, and Session.handle logs every input."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from simulator import events as ev
from simulator import inputs
from simulator.catalog import catalog
from simulator.clock import ManualClock
from simulator.inputs import Act, Choose, Command, InputError, Quit, Refer, Say, Tick, Wait, parse_line
from simulator.records.recorder import Recorder
from simulator.records.replay import replay
from simulator.scenario.loader import load_scenario_or_raise
from simulator.script import parse_script, play_steps, result
from simulator.session import Session

MINIMAL = load_scenario_or_raise(Path(__file__).resolve().parent / "fixtures" / "scenarios" / "minimal.yaml")
EVERY_KIND = [Say("hello", "speech"), Choose("contact.c1"), Act("step_back"), Refer("jail"), Wait(12.5), Tick(), Quit("closed the app")]


@pytest.mark.parametrize("value", EVERY_KIND, ids=lambda v: type(v).__name__)
def test_an_input_is_a_frozen_value_that_round_trips_through_its_logged_form(value):
    assert inputs.from_dict(inputs.to_dict(value)) == value
    if dataclasses.fields(value):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, dataclasses.fields(value)[0].name, "x")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [({"kind": "dance"}, "unknown input kind 'dance'"), ({"kind": "say"}, "without its 'text'"),
     ({"kind": "wait", "seconds": "soon"}, "needs a number of seconds"), ({"kind": "wait", "seconds": -1}, "needs a number"),
     ({"kind": "choose", "choice": 7}, "expected text")],
)
def test_a_damaged_logged_input_is_an_input_error_not_a_crash(raw, problem):
    with pytest.raises(InputError, match=problem):
        inputs.from_dict(raw)


@pytest.mark.parametrize(
    ("line", "parsed"),
    [("hello there", Say("hello there")), ("/step_back", Act("step_back")), ("/refer jail", Refer("jail")),
     ("/choose contact.c1", Choose("contact.c1")), ("/wait 30", Wait(30.0)), ("  # only a comment", None), ("", None)],
)
def test_the_language_reads_speech_and_commands(line, parsed):
    assert parse_line(line) == parsed


def test_the_terminal_adds_its_own_commands_and_keeps_a_typed_hash():
    assert parse_line("/menu", terminal=True) == Command("menu")
    assert parse_line("/refer", terminal=True) == Command("refer", "list")
    assert parse_line("/quit", terminal=True) == Quit()
    assert parse_line("/wait", terminal=True, default_wait=10.0) == Wait(10.0)
    assert parse_line("room #4 please", terminal=True) == Say("room #4 please")
    with pytest.raises(InputError, match="unknown command '/menu'"):
        parse_line("/menu")  # a script has no menu


def test_choose_checks_its_id_when_the_choices_are_known():
    with pytest.raises(InputError) as caught:
        parse_line("/choose contact.c7", choice_ids={"contact.c1", "contact.c2"})
    assert caught.value.problem == "'/choose contact.c7' names no choice of this scenario"
    assert "contact.c" in caught.value.hint


def test_every_input_and_every_tick_is_logged_before_its_reactions(start_session):
    s = start_session()
    s.handle(Say("hello, I'm officer Lee"))
    s.handle(Tick())
    s.handle(Act("step_back"))
    logged = [e for e in s.events if e.type == ev.INPUT]
    assert [e.data["kind"] for e in logged] == ["say", "tick", "act"]
    said = next(e for e in s.events if e.type == ev.TRAINEE_SAID)
    assert logged[0].seq < said.seq and logged[0].data == {"kind": "say", "text": "hello, I'm officer Lee", "source": "typed"}


def test_a_tick_outside_a_live_session_is_neither_acted_on_nor_logged():
    s = Session(MINIMAL, clock=ManualClock())
    s.handle(Tick())
    assert s.events == []
    s.handle(Quit())
    assert s.events == []


def test_replay_reads_the_logged_inputs_back_ticks_and_all(tmp_path):
    """A live-like session (a tick a second, a long silence) replays to the very same events from its input log."""
    s = Session(MINIMAL, seed=3, clock=ManualClock())
    rec = Recorder(s, tmp_path)
    s.start()
    clock = s.clock
    assert isinstance(clock, ManualClock)
    for step in [Say("hi, I'm here to help", "speech"), None, None, Act("step_back"), *[None] * 40, Say("what's going on today")]:
        clock.advance(1.0)
        s.handle(step or Tick())
    rec.finish()
    done = replay(rec.folder, MINIMAL)
    assert [e.to_dict() for e in done.session.events] == [e.to_dict() for e in s.events]


def test_a_failing_observer_is_an_event_and_never_stops_the_turn(start_session):
    """Faults stay local: the observer that raised is detached, the failure is an event, the turn completes."""
    s = start_session()
    seen: list[ev.EventType] = []

    def broken(event: ev.SessionEvent) -> None:
        if event.type == ev.TRAINEE_SAID:
            raise OSError(28, "No space left on device")

    s.subscribe(broken)
    s.subscribe(lambda e: seen.append(e.type))
    s.handle(Say("it sounds like you're really scared right now"))
    (failed,) = [e for e in s.events if e.type == ev.OBSERVER_FAILED]
    assert "No space left on device" in failed.data["error"] and "broken" in failed.data["observer"]
    assert ev.PERSON_SAID in seen[seen.index(ev.OBSERVER_FAILED):]  # the turn went on, and the others saw all of it
    assert s.turn == 1


PLAYTHROUGHS = [(e.scenario, pt) for e in catalog() if e.scenario for pt in e.scenario.playthroughs]


@pytest.mark.parametrize(("scenario", "pt"), PLAYTHROUGHS, ids=[f"{s.id}:{pt.id}" for s, pt in PLAYTHROUGHS])
def test_every_event_of_every_playthrough_has_the_documented_payload(scenario, pt):
    session = Session(scenario, seed=pt.seed, clock=ManualClock())
    play_steps(session, parse_script("\n".join(pt.script)))
    for e in session.events:
        assert ev.payload_problems(e.type, e.data) == [], e
    assert result(session)["events"][0]["type"] == "session_started"  # the JSON keeps the plain strings


def test_a_turn_longer_than_the_limit_is_refused_with_what_to_do():
    """A pasted essay is not a turn: the parser says how long it was and how long a turn may be."""
    from simulator.inputs import MAX_TURN_CHARS, InputError, Say, parse_line

    assert parse_line("x" * MAX_TURN_CHARS) == Say("x" * MAX_TURN_CHARS, "typed")
    with pytest.raises(InputError, match=f"{MAX_TURN_CHARS + 1} characters.*at most {MAX_TURN_CHARS}"):
        parse_line("x" * (MAX_TURN_CHARS + 1))


def test_a_spoken_turn_keeps_what_was_heard_and_its_confidence_through_the_log():
    """What the recogniser heard and how sure it was survive the logged form, so the record shows both."""
    from simulator.inputs import Say, from_dict, to_dict

    spoken = Say("where is your sister", "speech", heard="where is your sifter", confidence=0.62)
    assert from_dict(to_dict(spoken)) == spoken
    assert "heard" not in to_dict(Say("hello"))  # typed turns carry nothing extra
    with pytest.raises(InputError, match="confidence"):
        from_dict({**to_dict(spoken), "confidence": 7})

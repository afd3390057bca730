"""simulator.events and simulator.clock: the one event stream, and the time it is stamped with."""

from __future__ import annotations

import dataclasses
import json

import pytest

from simulator import events as ev
from simulator.clock import ManualClock, MonotonicClock
from simulator.events import SessionEvent


def test_event_round_trips_through_a_dict():
    """from_dict(to_dict(e)) == e: events can be stored and read back unchanged."""
    e = SessionEvent(4, 12.5, 2, ev.STATE_CHANGED, {"changes": {"agitation": [70, 63]}, "causes": ["technique:validate"]})
    assert SessionEvent.from_dict(e.to_dict()) == e


def test_event_dict_is_plain_json():
    """to_dict gives seq, t, turn, type and data, and survives JSON unchanged."""
    e = SessionEvent(0, 0.0, 0, ev.TRAINEE_SAID, {"text": "hello", "source": "typed"})
    raw = e.to_dict()
    assert raw == {"seq": 0, "t": 0.0, "turn": 0, "type": "trainee_said", "data": {"text": "hello", "source": "typed"}}
    assert json.loads(json.dumps(raw)) == raw


def test_from_dict_normalises_types():
    """from_dict accepts JSON numbers and strings and gives back the declared types."""
    e = SessionEvent.from_dict({"seq": "3", "t": 2, "turn": 1, "type": "waited", "data": {"seconds": 5}})
    assert (e.seq, e.t, e.turn, e.type) == (3, 2.0, 1, "waited")
    assert isinstance(e.t, float)


def test_from_dict_without_data_gives_empty_data():
    """An event stored without data reads back with empty data."""
    assert SessionEvent.from_dict({"seq": 0, "t": 0, "turn": 0, "type": "session_closed"}).data == {}


def test_from_dict_copies_the_data():
    """Reading an event back does not share its data dict with the source."""
    raw = {"seq": 0, "t": 0, "turn": 0, "type": "waited", "data": {"seconds": 5}}
    e = SessionEvent.from_dict(raw)
    raw["data"]["seconds"] = 99
    assert e.data == {"seconds": 5}


def test_events_cannot_be_changed():
    """An emitted event is frozen."""
    e = SessionEvent(0, 0.0, 0, ev.WAITED, {"seconds": 1})
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.t = 5.0  # type: ignore[misc]


def test_input_types_are_the_trainees_inputs():
    """INPUT_TYPES holds what the trainee does, and none of the simulation's reactions."""
    assert {ev.TRAINEE_SAID, ev.CHOICE_MADE, ev.ACTION_TAKEN, ev.REFERRAL_OFFERED, ev.WAITED} == ev.INPUT_TYPES
    reactions = {ev.UNDERSTOOD, ev.KEYWORD_HEARD, ev.STATE_CHANGED, ev.PHASE_CHANGED, ev.PERSON_SAID, ev.TEACHING_POINT, ev.SESSION_ENDED}
    assert not reactions & ev.INPUT_TYPES


def test_event_type_names_are_stable():
    """The event type strings are a stored contract (session logs and replays use them)."""
    assert (ev.SESSION_STARTED, ev.SESSION_ENDED, ev.SESSION_CLOSED, ev.INPUT_IGNORED) == (
        "session_started",
        "session_ended",
        "session_closed",
        "input_ignored",
    )


def test_manual_clock_moves_only_when_told():
    """A ManualClock stands still until advanced, then moves by exactly that much."""
    clock = ManualClock(10.0)
    assert clock.now() == clock.now() == 10.0
    clock.advance(2.5)
    assert clock.now() == 12.5


def test_manual_clock_never_goes_backwards():
    """Advancing a ManualClock by a negative amount is refused."""
    clock = ManualClock()
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)
    assert clock.now() == 0.0


def test_monotonic_clock_never_goes_backwards():
    """The live clock is monotonic."""
    clock = MonotonicClock()
    a = clock.now()
    assert clock.now() >= a

"""simulator.projections: the transcript, the state over time, turn details and the debrief, from events alone."""

from __future__ import annotations

from simulator import events as ev
from simulator import projections as pj
from simulator.catalog import find
from simulator.clock import ManualClock
from simulator.events import SessionEvent
from simulator.script import parse_script, play_steps, result
from simulator.session import Session


def _played(script: str, scenario: str = "bridge_suicidal", seed: int = 0) -> Session:
    session = Session(find(scenario), seed=seed, clock=ManualClock())
    play_steps(session, parse_script(script))
    return session


def _event(seq: int, t: float, turn: int, type_: ev.EventType, **data: object) -> SessionEvent:
    return SessionEvent(seq, t, turn, type_, dict(data))


def test_the_transcript_has_the_person_the_trainee_with_chips_actions_and_referrals():
    s = _played("hi my name is officer daniels\n/step_back\n/refer crisis_line_988\n")
    entries = pj.Transcript.of(s.scenario, s.events).entries
    kinds = [e.kind for e in entries]
    assert kinds[0] in ("narrator", "person") and {"trainee", "action", "referral"} <= set(kinds)
    said = next(e for e in entries if e.kind == "trainee")
    assert (said.text, said.turn, said.source) == ("hi my name is officer daniels", 1, "script") and said.chips
    assert next(e for e in entries if e.kind == "action").text == "step back"


def test_an_ignored_input_is_a_note_and_a_matched_menu_choice_marks_the_spoken_turn():
    t = pj.Transcript("Sam")
    t.add(_event(0, 0, 1, ev.TRAINEE_SAID, text="sit with me", source="speech"))
    t.add(_event(1, 0, 1, ev.CHOICE_MADE, choice="a.c1", text="Sit with me.", said="sit with me"))
    t.add(_event(2, 0, 1, ev.INPUT_IGNORED, kind="choice", value="x", reason="not a choice"))
    assert [(e.kind, e.source) for e in t.entries] == [("trainee", "speech · matched a menu choice"), ("note", "")]


def test_an_offer_she_is_still_weighing_reads_as_thinking_it_over_not_declined():
    t = pj.Transcript("Sam")
    t.add(_event(0, 0, 1, ev.REFERRAL_OFFERED, resource="family_or_friend", rating="good", accepted=False, pending=True))
    t.add(_event(1, 0, 2, ev.REFERRAL_OFFERED, resource="crisis_line_988", rating="good", accepted=False))
    assert [e.text for e in t.entries] == ["offered family or friend — thinking it over", "offered crisis line 988 — declined"]
    lines = pj.transcript_lines([_event(0, 0, 1, ev.REFERRAL_OFFERED, resource="family_or_friend", rating="good", accepted=False,
                                        pending=True)])
    assert "thinking it over" in lines[0].text and "declined" not in lines[0].text


def test_state_series_starts_at_the_start_and_holds_to_the_end_unless_asked_not_to():
    events = [_event(0, 0.0, 0, ev.SESSION_STARTED, variables={"agitation": 70, "calm": True}),
              _event(1, 6.0, 1, ev.STATE_CHANGED, variables={"agitation": 60}),
              _event(2, 6.0, 1, ev.STATE_CHANGED, variables={"agitation": 55}),
              _event(3, 9.0, 1, ev.PERSON_SAID, text="ok")]
    assert pj.by_time(events)
    assert pj.state_series(events) == {"agitation": [(0.0, 70.0), (6.0, 60.0), (6.0, 55.0), (9.0, 55.0)]}
    assert pj.state_series(events, timed=True, hold_to_end=False, merge_same_x=True) == {"agitation": [(0.0, 70.0), (6.0, 55.0)]}
    assert pj.state_series(events, timed=False)["agitation"][-1] == (1.0, 55.0)
    assert pj.turn_times(events) == [(1, 6.0)]


def test_ranges_come_from_the_start_of_the_session():
    s = _played("hello\n")
    assert pj.ranges(s.events)["agitation"] == (0.0, 100.0)


def test_turn_details_say_what_was_done_how_it_was_read_and_the_reply():
    s = _played("it sounds like you're really scared right now\n/step_back\n")
    details = pj.turn_details(s.events)
    assert details[1]["what"] == "it sounds like you're really scared right now" and details[1]["techniques"]
    assert details[2]["what"] == "[step back]"
    assert all(d["replies"] for d in details.values()) and "state" in details[1]


def test_the_debrief_names_the_ending_and_the_authors_word_on_each_choice_made():
    scenario = find("bridge_suicidal")
    choice = next(c for ph in scenario.phases.values() for c in ph.choices if c.feedback)
    events = [_event(0, 0, 1, ev.CHOICE_MADE, choice=choice.id, text=choice.text),
              _event(1, 1, 1, ev.SESSION_ENDED, ending=next(iter(scenario.endings)), outcome="x", title="t", narration="n")]
    told = pj.debrief(scenario, events)
    assert told.ending is scenario.endings[next(iter(scenario.endings))] and told.closed is None
    assert [(f.turn, f.choice) for f in told.choice_feedback] == [(1, choice.id)]
    assert pj.debrief(scenario, [_event(0, 0, 0, ev.SESSION_CLOSED, reason="left")]).closed == "left"


def test_result_lines_print_the_exchange_the_ending_and_the_scores():
    s = _played("hello there\n/step_back\n")
    lines = pj.result_lines(result(s), [{"turn": 1, "text": "well done"}])
    assert lines[0].startswith("  ") or lines[0].startswith("you>")
    assert "you> hello there" in lines and "you> /step_back" in lines
    assert lines[-1] == "  turn 1: well done" and any(line.startswith("scores: calmness ") for line in lines)

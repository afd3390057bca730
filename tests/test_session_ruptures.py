"""The session's side of issue 19: proportional reactions, ruptures and repairs as events, and catastrophic endings
that need a cause (a dangerous act or a sustained unrepaired pattern)."""

from __future__ import annotations

import pytest

from simulator.repair import step_limit

FLEES = '''  - id: flees
    from: "*"
    to: runs_off
    when: "agitation >= 95"'''
HURTS = '''  - id: flees
    from: "*"
    to: struggle
    when: "agitation >= 80"'''
PATTERN = ("    causes: {acts: [physical_control, approach]}\n", "    causes: {acts: [physical_control, approach], pattern: 3}\n")
NO_FLIGHT = (FLEES, FLEES.replace("95", "101"))
BIG_COMMAND = ("    argue: {agitation: 12, trust: -10}\n", "    argue: {agitation: 12, trust: -10}\n    command: {agitation: 30, trust: -25}\n")


def ruptures(session):
    return [e for e in session.events if e.type == "rupture"]


def test_a_slip_moves_the_person_about_a_step_however_big_the_scenario_wrote_it(start_session, variant):
    s = start_session(variant(BIG_COMMAND))
    before = s.variables["agitation"]
    s.say("Calm down right now.")
    rise = s.variables["agitation"] - before
    assert 0 < rise <= step_limit("agitation", before) + 1e-6 < 30
    (r,) = ruptures(s)
    assert r.turn == 1 and r.data["what"] == "command" and r.data["size"] == "slip" and r.data["cost"]["agitation"] > 0


def test_a_dangerous_act_keeps_its_full_cost(start_session):
    s = start_session()
    before = s.variables["agitation"]
    s.act("approach")
    assert s.variables["agitation"] - before == pytest.approx(15)
    assert ruptures(s)[0].data["size"] == "dangerous"


def test_slips_alone_do_not_reach_injury_until_they_are_a_sustained_pattern(start_session, variant):
    s = start_session(variant((FLEES, HURTS), PATTERN))
    s.say("Calm down right now.")
    s.say("Calm down, I said.")
    assert s.variables["agitation"] >= 80 and s.ending is None  # the condition holds, but nothing the officer did can cause it yet
    s.say("Calm down now.")
    assert s.ending == "struggle"  # three unrepaired slips are a pattern


def test_a_dangerous_act_can_reach_injury_at_once(start_session, variant):
    s = start_session(variant((FLEES, HURTS)))
    s.act("approach")
    s.say("Calm down right now.")
    assert s.ending == "struggle"


def test_stepping_back_right_after_an_approach_repairs_it(start_session):
    s = start_session()
    s.act("approach")
    s.act("step_back")
    (repair,) = [e for e in s.events if e.type == "repair"]
    assert repair.turn == 2 and repair.data["rupture_turn"] == 1 and repair.data["how"] == "step_back"
    assert any("repair:step_back" in e.data["causes"] for e in s.events if e.type == "state_changed" and e.turn == 2)


def test_a_late_apology_repairs_nothing(start_session):
    s = start_session()
    s.say("Calm down right now.")
    s.act("hands_visible")
    s.act("sit_down")
    s.say("I'm sorry, that came out wrong.")
    assert not [e for e in s.events if e.type == "repair"]


def test_the_person_refuses_help_while_three_slips_stand_unrepaired(start_session, variant):
    s = start_session(variant(NO_FLIGHT))
    for text in ("Calm down right now.", "Calm down, I said.", "Calm down now."):
        s.say(text)
    s.variables.update(trust=90.0, agitation=20.0)  # even a person who would otherwise say yes
    assert s.refer("mobile_crisis_team") is False

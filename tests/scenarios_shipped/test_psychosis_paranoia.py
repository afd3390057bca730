"""Alder Street (psychosis_paranoia): what the scenario teaches must change what happens.

The person must react to *how* the officer meets the delusion (honest acknowledgement beats both arguing and
pretending to share it), the harm question must matter, clumsy lines must cost a step and no more (issue 19),
and the catastrophic endings must follow only from the dangerous acts they declare.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from simulator.scenario.loader import load_scenario_or_raise
from simulator.script import parse_script, run_script

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "psychosis_paranoia.yaml"
SKILLED = ROOT / "tests" / "fixtures" / "skilled" / "psychosis_paranoia.txt"

# A respectful opening that gets him talking about the van, shared by the comparisons below.
OPENING = """/step_back
/hands_visible
daniel my name is officer lane i'm staying right here by the car
you look really frightened
what's going on with the van"""
HONEST = "i can't see it but i can tell it's really frightening for you"
ARGUE = "there's nobody in that van daniel it's all in your head"
PRETEND = "i see them too i'll get them out of here for you"


@cache
def scenario():
    return load_scenario_or_raise(SCENARIO)


def play(text: str, seed: int = 0):
    return run_script(scenario(), parse_script(text), seed=seed)


def outcome(session) -> str | None:
    return session.scenario.endings[session.ending].outcome if session.ending else None


def spoken(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def test_every_catastrophic_ending_declares_what_can_cause_it():
    catastrophic = [e for e in scenario().endings.values() if e.outcome in {"injury", "self_harm"}]
    assert len(catastrophic) >= 2
    assert all(e.causes is not None for e in catastrophic), [e.id for e in catastrophic if e.causes is None]


def test_commands_then_closing_in_and_grabbing_end_in_injury_caused_by_a_dangerous_act():
    session = play("drop the knife now\nthere is no one in the van calm down\n/approach\n/physical_control", seed=11)
    assert outcome(session) == "injury"
    dangerous = [e for e in session.events if e.type == "rupture" and e.data["size"] == "dangerous"]
    assert dangerous and dangerous[0].data["what"] in {"approach", "physical_control"}


def test_two_clumsy_lines_cost_a_step_each_but_do_not_end_the_scene():
    session = play("drop the knife now\nthere is no one in the van calm down", seed=11)
    assert not session.finished
    assert session.variables["agitation"] < 100


def test_the_honest_answer_builds_trust_where_arguing_or_pretending_costs_it():
    base = play(OPENING).variables["trust"]
    honest = play(OPENING + "\n" + HONEST).variables["trust"]
    argued = play(OPENING + "\n" + ARGUE).variables["trust"]
    pretended = play(OPENING + "\n" + PRETEND).variables["trust"]
    assert honest > base
    assert argued < base
    assert pretended < honest


def test_without_the_harm_question_the_skilled_path_does_not_end_well_and_he_does_not_settle():
    harm_words = ("hurt yourself", "killing yourself", "suicide")
    text = "\n".join(ln for ln in spoken(SKILLED) if not any(w in ln.lower() for w in harm_words))
    session = play(text)
    assert outcome(session) != "voluntary_help"
    assert not any(e.type == "objective_met" and e.data["objective"] == "asks_about_harm" for e in session.events)
    assert session.variables["agitation"] >= 40 - 1e-6


def test_asking_about_the_voices_brings_out_the_suicide_risk_as_a_cue():
    session = play(OPENING + "\n" + HONEST + "\nhave you been able to sleep\ndo the voices tell you to hurt yourself or anyone else")
    cues = [e.data.get("cue") for e in session.events if e.type == "person_said"]
    assert "suicide_risk" in cues
    assert session.variables["harm_discussed"] is True


def test_the_skilled_transcript_ends_in_voluntary_help():
    assert outcome(play("\n".join(spoken(SKILLED)))) == "voluntary_help"


def test_a_gun_drawn_after_he_disclosed_the_command_voice_is_self_harm_and_without_the_gun_it_is_not():
    prefix = OPENING + "\n" + HONEST + "\nso that van has been there three days\nhave you been able to sleep\n" \
        "do the voices tell you to hurt yourself or anyone else"
    calm = play(prefix)
    assert calm.variables["weapon_in_hand"] is True and calm.variables["harm_discussed"] is True and not calm.finished
    drawn = play(prefix + "\n/draw_weapon")
    assert outcome(drawn) == "self_harm"

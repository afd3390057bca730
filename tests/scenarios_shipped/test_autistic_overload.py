"""Ellie at Grand Avenue Station teaches what it says it teaches (issues 11, 13, 19).

The scenario's claims, each checked against play: waiting alone does not bring a
person out of overload while the noise stays on her; the card she shows has to be
read before she finds words; the plain suicide question is what opens the plan;
touching her is the one act that hurts her, while a clumsy line costs a step; and
moves repeated to no purpose change nothing. The transcripts are written here
from the scenario's own surface, not from any held-out set.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from simulator import events as ev
from simulator.scenario.loader import load_scenario_or_raise
from simulator.script import parse_script, result, run_script
from simulator.session import Session

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "autistic_overload.yaml"
SKILLED = Path(__file__).resolve().parents[1] / "fixtures" / "skilled" / "autistic_overload.txt"


@cache
def scenario():
    return load_scenario_or_raise(SCENARIO)


def play(lines: list[str], seed: int = 0) -> Session:
    return run_script(scenario(), parse_script("\n".join(lines), "test"), seed=seed)


def outcome(session: Session) -> str | None:
    return scenario().endings[session.ending].outcome if session.ending else None


def skilled_lines() -> list[str]:
    return [ln for ln in SKILLED.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def test_a_long_wait_alone_does_not_end_the_overload():
    """The concourse keeps her at the overload floor: minutes of silence do not move her on or let her accept help."""
    for seed in (0, 1, 2):
        session = play(["/step_back", *["/wait 60"] * 10, "/refer family_or_friend"], seed=seed)
        assert session.phase == "overload", seed
        assert session.variables["agitation"] >= 60, seed
        assert outcome(session) != "voluntary_help", seed


def test_cutting_the_noise_lets_her_come_down():
    """The same wait after turning the radio and the beacon off does bring her within reach of words."""
    session = play(["/step_back", "would it help if i turned my radio off and got them to turn that beacon off", *["/wait 30"] * 4])
    assert session.phase != "overload"
    assert session.variables["agitation"] < 58


def test_she_finds_words_only_after_her_card_is_read():
    """Without reading the card she stays in settling, however kind the words; reading it moves her on."""
    base = ["/step_back", "would it help if i turned my radio off", "/sit_down", "i won't touch you i'll wait right here no rush",
            "/wait 30", "you don't have to talk you can just nod", "/wait 30"]
    unread = play([*base, "take your time", "/wait 30", "that makes sense", "/wait 30", "i'm here", "/wait 30"])
    assert unread.phase in ("overload", "settling")
    read = play([*base, "i see your sunflower lanyard can i read what's on your phone", "/wait 30"])
    assert read.phase not in ("overload", "settling")


def test_the_skilled_transcript_ends_well_and_the_suicide_question_is_what_opens_it():
    """With the plain question she goes home with her mother; without it (or with a drug question instead) she does not."""
    lines = skilled_lines()
    assert outcome(play(lines)) == "voluntary_help"
    without = [ln for ln in lines if not ln.rstrip().endswith("# risk")]
    assert len(without) < len(lines)
    swapped = ["Have you taken anything today?" if ln.rstrip().endswith("# risk") else ln for ln in lines]
    for variant in (without, swapped):
        session = play(variant)
        assert outcome(session) != "voluntary_help"
        assert result(session)["scores"]["overall"] < 70


def test_suicide_risk_shows_in_character_before_anyone_asks():
    """Her cues come in her own words (wanting it all to stop, to switch off) on a run that never raises the subject."""
    session = play(["/step_back", "would it help if i turned my radio off", "/sit_down", *["/wait 30"] * 6])
    cues = [e for e in session.events if e.type == ev.PERSON_SAID and e.data.get("cue") == "suicide_risk"]
    assert cues


def test_touching_her_is_an_injury_with_its_cause_and_a_clumsy_line_is_not():
    """Hands on ends in injury at once; one barked order costs a step but hurts nobody."""
    grabbed = play(["/step_back", "/physical_control"])
    assert grabbed.ending == "restraint_injury"
    ended = next(e for e in grabbed.events if e.type == ev.SESSION_ENDED)
    assert ended.data["outcome"] == "injury"
    clumsy = play(["/step_back", "stop hitting yourself right now", "/wait 30"])
    assert outcome(clumsy) not in ("injury", "self_harm")


def test_every_catastrophic_ending_declares_its_causes():
    """Issue 19: injury and self-harm are reached only through declared dangerous acts or a pattern."""
    for ending in scenario().endings.values():
        if ending.outcome in ("injury", "self_harm"):
            assert ending.causes is not None, ending.id
            assert ending.causes.acts or ending.causes.pattern, ending.id


def test_stepping_back_again_when_already_far_changes_nothing():
    """Actions repeated to no purpose have no further effect on her."""
    session = play(["/step_back", "/step_back", "/step_back", "/step_back"])
    moved_by = [e.data["causes"] for e in session.events if e.type == ev.STATE_CHANGED and "action:step_back" in e.data["causes"]]
    assert 1 <= len(moved_by) < 4

"""intoxication_meth (Cody, day four of methamphetamine, 97 °F): what this scenario must teach and how it must end.

Written for issues 11, 13 and 19. The transcripts here are this file's own (not the held-out sets): a competent
officer who keeps distance, stages EMS and offers shade and water never ends in a restraint death; endings say
whether EMS had already been called only when the events support it; his body's floor holds agitation above calm;
the crash's suicidal thinking shows before anyone asks, and a drug question is not the suicide question.
"""

from __future__ import annotations

from functools import cache

from simulator import events as ev
from simulator.catalog import scenario_files
from simulator.scenario.loader import load_scenario_or_raise
from simulator.script import parse_script, run_script
from simulator.session import Session
from simulator.vocabulary import BAD_OUTCOMES

ID = "intoxication_meth"
SEEDS = (0, 1, 2, 3)

OPENING = [
    "/step_back",
    "/hands_visible",
    "hey i'm officer tran i'm staying right here",
]
EMS_EARLY = "dispatch have ems stage around the corner no siren possible overheating"
SHADE_AND_WATER = [
    "you're not in trouble i'm not here to arrest you",
    "it's hot there's shade by the wall shade or stay here your call",
    "want a cold water priya's bringing one",
]
LISTENING = [
    "so you've been watching for those guys in the white truck for days",
    "four days up on the roofs that would wear anybody out",
    "how's your heart doing",
]
SUICIDE = "you said you don't care if your heart quits are you thinking about killing yourself"
CLOSE = [
    "thank you for telling me that matters",
    "/wait 20",
    "the paramedics check your heart they don't call probation",
    "would you let them check you at the hospital",
    "/refer emergency_department",
]


@cache
def scenario():
    return load_scenario_or_raise(next(p for p in scenario_files() if p.stem == ID))


def play(lines: list[str], seed: int = 0) -> Session:
    return run_script(scenario(), parse_script("\n".join(lines), "test"), seed=seed)


def outcome(session: Session) -> str | None:
    return scenario().endings[session.ending].outcome if session.ending else None


def said(session: Session) -> list:
    return [e for e in session.events if e.type == ev.PERSON_SAID and e.data.get("speaker") != "narrator"]


def test_staging_ems_early_ends_with_the_medics_already_there():
    """Called before the help talk: the ending that says the ambulance was waiting."""
    for seed in SEEDS:
        s = play([*OPENING, EMS_EARLY, *SHADE_AND_WATER, *LISTENING, SUICIDE, *CLOSE], seed)
        assert s.ending == "ems_voluntary", (seed, s.ending)


def test_ems_first_named_in_the_final_offer_ends_with_the_late_call_not_the_staged_one():
    """The narration of the staged-EMS ending would be false here: the late ending says EMS was called only now."""
    for seed in SEEDS:
        s = play([*OPENING, *SHADE_AND_WATER, *LISTENING, SUICIDE, *CLOSE], seed)
        assert s.ending == "ems_voluntary_late", (seed, s.ending)
        assert "nobody had asked for them before" in scenario().endings[s.ending].narration


def test_a_competent_officer_with_a_couple_of_slips_never_ends_in_injury():
    """Distance, EMS, shade and water, two unrepaired clumsy lines: a step each, never a restraint death."""
    slips = ["calm down", "hurry up we need to get this done"]
    for seed in SEEDS:
        s = play([*OPENING, EMS_EARLY, slips[0], *SHADE_AND_WATER, slips[1], *LISTENING, *["/wait 20"] * 6], seed)
        assert outcome(s) not in BAD_OUTCOMES, (seed, s.ending)


def test_going_hands_on_reaches_the_struggle_and_its_narration_follows_whether_ems_was_staged():
    without = play(["hey i'm officer tran", "/approach", "/physical_control"])
    staged = play(["hey i'm officer tran", EMS_EARLY, "/approach", "/physical_control"])
    assert without.ending == "restraint_emergency"
    assert staged.ending == "restraint_emergency_ems"
    assert "already pulling in" in scenario().endings[staged.ending].narration
    assert scenario().endings["restraint_emergency"].causes is not None
    assert scenario().endings["restraint_emergency_ems"].causes is not None


def test_day_four_of_methamphetamine_does_not_reach_calm():
    """However kind the officer, agitation stays at or above the body's floor (28)."""
    s = play([*OPENING, EMS_EARLY, *SHADE_AND_WATER, *LISTENING, SUICIDE, "take your time there's no rush",
              "it makes sense you're scared", "you're safe here with me", "take all the time you need"])
    lows = [e.data["variables"]["agitation"] for e in s.events if e.type == ev.STATE_CHANGED]
    assert min(lows) >= 28 - 1e-6


def test_the_crash_shows_suicide_risk_before_anyone_asks():
    """A respectful run that never asks still hears a suicide-risk cue from him early on."""
    for seed in SEEDS:
        s = play([*OPENING, EMS_EARLY, *SHADE_AND_WATER, *LISTENING], seed)
        cues = [e.turn for e in said(s) if e.data.get("cue") == "suicide_risk"]
        assert cues and cues[0] <= 8, (seed, cues)


def test_a_drug_question_is_not_the_suicide_question():
    s = play([*OPENING, EMS_EARLY, *SHADE_AND_WATER, "the medics will want to know what you took for your heart not for charges",
              *LISTENING, *CLOSE])
    met = {e.data["objective"] for e in s.events if e.type == ev.OBJECTIVE_MET}
    assert "asks_about_use" in met
    assert "asks_about_suicide" not in met
    assert outcome(s) != "voluntary_help"

"""dementia_lost (Walter in the FreshWay car park): what the scenario teaches is what resolves it.

The embedded skilled playthrough reaches home with Karen; each test below takes one
thing the scenario teaches out of it (the suicide question, the bracelet and his
daughter, the warmth, joining his world instead of correcting it) and checks that the
crisis no longer resolves, and that the proportional reactions of issue 19 hold: a
correction costs a step, force and threats reach the fall, each with its cause.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from simulator import events as ev
from simulator.scenario.loader import load_scenario_or_raise
from simulator.script import parse_script, run_script

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "dementia_lost.yaml"
SEEDS = (4, 5, 6)


@cache
def scenario():
    return load_scenario_or_raise(SCENARIO)


def skilled() -> list[str]:
    return list(next(p for p in scenario().playthroughs if p.id == "joins_his_world").script)


def outcome_of(lines: list[str], seed: int) -> tuple[str | None, object]:
    session = run_script(scenario(), parse_script("\n".join(lines), "test"), seed=seed)
    ending = session.scenario.endings[session.ending].outcome if session.ending else None
    return ending, session


def without(lines: list[str], *words: str) -> list[str]:
    """The script without the turns that contain any of ``words`` (what the test takes out)."""
    return [ln for ln in lines if not any(w in ln for w in words)]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_skilled_path_takes_him_home_and_the_suicide_cue_comes_before_the_question(seed: int) -> None:
    outcome, session = outcome_of(skilled(), seed)
    assert outcome == "voluntary_help"
    said = [e for e in session.events if e.type == ev.PERSON_SAID and e.data.get("speaker") != "narrator"]
    asked = next(e.turn for e in session.events if e.type == ev.OBJECTIVE_MET and e.data["objective"] == "asks_about_suicide")
    assert any(e.data.get("cue") == "suicide_risk" and e.turn < asked for e in said), "he must voice the wish not to wake up first"


@pytest.mark.parametrize("seed", SEEDS)
def test_without_asking_about_suicide_he_does_not_go_home(seed: int) -> None:
    outcome, _ = outcome_of(without(skilled(), "ending your life"), seed)
    assert outcome != "voluntary_help"


@pytest.mark.parametrize("seed", SEEDS)
def test_without_the_bracelet_or_his_daughter_he_is_not_identified_and_not_handed_over(seed: int) -> None:
    lines = [ln.replace(" or wait here for karen", "") for ln in without(skilled(), "bracelet", "did karen give")]
    outcome, session = outcome_of(lines, seed)
    assert outcome != "voluntary_help"
    assert not any(e.type == ev.OBJECTIVE_MET and e.data["objective"] == "identifies_him" for e in session.events)


@pytest.mark.parametrize("seed", SEEDS)
def test_without_getting_him_warm_he_does_not_go_home(seed: int) -> None:
    lines = [ln for ln in without(skilled(), "jacket", "heater")]
    outcome, _ = outcome_of(lines, seed)
    assert outcome != "voluntary_help"


@pytest.mark.parametrize("seed", SEEDS)
def test_correcting_his_reality_instead_of_joining_it_does_not_resolve_and_does_not_injure(seed: int) -> None:
    corrections = {"tell me about your work at hartwell": "hartwell closed years ago walter you're retired",
                   "twenty six years and never once late that's something to be proud of": "it isn't nineteen seventy five any more",
                   "tell me about helen": "your wife isn't at home walter",
                   "it sounds like you miss helen very much": "you need to accept that"}
    lines = [corrections.get(ln, ln) for ln in skilled()]
    assert lines != skilled()
    outcome, session = outcome_of(lines, seed)
    assert outcome not in ("voluntary_help", "injury", "self_harm")
    said = {e.turn: e.data["text"] for e in session.events if e.type == ev.TRAINEE_SAID}
    rises = [e for e in session.events if e.type == ev.STATE_CHANGED and said.get(e.turn) in corrections.values()
             and "agitation" in e.data["changes"] and e.data["changes"]["agitation"][1] > e.data["changes"]["agitation"][0]]
    assert rises, "being corrected upsets him"
    assert not [e for e in session.events if e.type == ev.RUPTURE and e.data["size"] == "dangerous"]


@pytest.mark.parametrize("seed", SEEDS)
def test_grabbing_him_ends_in_the_fall_and_the_fall_names_its_cause(seed: int) -> None:
    outcome, session = outcome_of(["good evening sir i'm officer ruiz", "/physical_control"], seed)
    assert outcome == "injury"
    assert session.ending == "fall_injury"
    dangerous = [e.data["what"] for e in session.events if e.type == ev.RUPTURE and e.data["size"] == "dangerous"]
    assert dangerous == ["physical_control"]
    assert "physical_control" in scenario().endings["fall_injury"].causes.acts


@pytest.mark.parametrize("seed", SEEDS)
def test_one_clumsy_correction_costs_a_step_but_never_reaches_the_fall(seed: int) -> None:
    outcome, session = outcome_of(["that's not your car sir", "/wait 20", "hi i'm officer ruiz i'm here to help"], seed)
    assert outcome != "injury"
    ruptures = [e for e in session.events if e.type == ev.RUPTURE]
    assert ruptures and all(r.data["size"] == "slip" for r in ruptures)
    assert all(abs(d) <= 20 for r in ruptures for d in r.data["cost"].values())


def test_every_catastrophic_ending_declares_its_causes() -> None:
    for ending in scenario().endings.values():
        if ending.outcome in ("injury", "self_harm"):
            assert ending.causes is not None and (ending.causes.acts or ending.causes.pattern), ending.id

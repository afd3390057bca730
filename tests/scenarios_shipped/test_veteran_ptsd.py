"""Curtis Hale, the veteran behind his truck (issues 11, 13, 19): what this scenario must teach and check.

The shared suites check every shipped scenario in general; these pin down what this call is about:
the pistol is asked about and stored by his choice, the suicide question is asked when the cues show,
veteran-specific help is the best door, respect builds trust, and a clumsy line costs a step while only
a dangerous act or a sustained pattern reaches an injury. The content-free scripts here are built from the
scenario's public surface (its best referral, its actions, its fact words), never from the skilled path.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from simulator import events as ev
from simulator.repair import CATASTROPHIC
from simulator.scenario.conversation import common_topics
from simulator.scenario.loader import load_scenario_or_raise
from simulator.script import parse_script, result, run_script
from simulator.validate import run_playthroughs

PATH = Path(__file__).resolve().parents[2] / "scenarios" / "veteran_ptsd.yaml"
SKILLED = Path(__file__).resolve().parents[1] / "fixtures" / "skilled" / "veteran_ptsd.txt"
GENERIC = [
    "hi i'm officer ruiz i'm here to help", "it sounds like you're really scared right now", "take your time there's no rush",
    "that makes sense anyone would feel that way", "i'm here to listen", "it sounds like you're going through a lot",
    "you're not in trouble", "that sounds really hard", "i can hear how upset you are", "we can take this slowly",
    "you're doing really well talking to me", "it seems like this has been building for a while", "i understand",
    "i'm not going anywhere", "what would help right now", "that must be really difficult", "it's okay to feel this way",
]


@cache
def scenario():
    return load_scenario_or_raise(PATH)


def play(lines: list[str] | str, seed: int = 0):
    text = lines if isinstance(lines, str) else "\n".join(lines)
    return run_script(scenario(), parse_script(text, "test"), seed=seed)


def outcome(session) -> str | None:
    return scenario().endings[session.ending].outcome if session.ending else None


def skilled_lines() -> list[str]:
    return [ln for ln in SKILLED.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def without(predicate) -> list[str]:
    """The skilled transcript minus the lines ``predicate`` picks (to show what that part of it is worth)."""
    return [ln for ln in skilled_lines() if not predicate(ln.lower())]


def said(session) -> list[str]:
    return [e.data["line"] for e in session.events if e.type == ev.PERSON_SAID and e.data.get("speaker") != "narrator"]


# -- shape -------------------------------------------------------------------------------------------------------

def test_it_is_schema_2_and_validates_without_errors_or_warnings():
    s = scenario()
    assert s.conversational
    assert [str(d) for d in run_playthroughs(s)] == []


def test_every_common_topic_is_answered_and_his_own_topics_bring_it_past_twenty_five():
    s = scenario()
    assert set(common_topics()) <= set(s.topics)
    assert len(s.topics) >= 25
    for t in s.topics.values():
        assert len(t.phrasings) >= 6, t.id
        assert t.answers and t.answers[-1].when is None, f"{t.id}: the last answer is the catch-all"


def test_the_referrals_that_connect_him_with_veteran_help_are_the_best_ones():
    s = scenario()
    assert {r for r, v in s.referrals.items() if v.rating == "best"} == {"veterans_services", "crisis_line_988"}
    assert s.referrals["jail"].rating == "harmful"


def test_every_injury_ending_declares_its_causes():
    s = scenario()
    for e in s.endings.values():
        if e.outcome in CATASTROPHIC:
            assert e.causes is not None, e.id


# -- the skilled path and what each of its parts is worth ----------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_the_skilled_transcript_reconnects_him_with_help_on_every_seed(seed: int):
    session = play(skilled_lines(), seed)
    assert outcome(session) == "voluntary_help"
    assert session.variables["pistol_secured"] is True
    assert result(session)["scores"]["overall"] >= 80


def test_without_offering_safe_storage_the_pistol_stays_in_the_truck_and_no_good_ending_follows():
    session = play(without(lambda ln: "safekeeping" in ln or "trunk" in ln))
    assert session.variables["pistol_secured"] is False
    assert outcome(session) != "voluntary_help"


def test_without_the_suicide_question_there_is_no_good_ending_and_the_run_fails_the_minimum():
    session = play(without(lambda ln: "killing yourself" in ln))
    assert outcome(session) != "voluntary_help"
    assert result(session)["scores"]["overall"] <= 60


def test_the_direct_suicide_question_is_answered_as_the_truth_once_he_trusts_you():
    session = play(skilled_lines())
    answers = [e for e in session.events if e.type == ev.PERSON_SAID and e.data.get("topic") == "suicide"]
    assert answers and answers[0].data["line"] == "topic.suicide.open"
    assert answers[0].data["cue"] == "suicide_risk"


def test_suicide_cues_show_before_anyone_asks():
    session = play(["sir this is the police my name is officer ruiz", "/step_back", *GENERIC[1:9]])
    assert any(e.data.get("cue") == "suicide_risk" for e in session.events if e.type == ev.PERSON_SAID) or \
        "suicide_risk" in next(e for e in session.events if e.type == ev.SESSION_STARTED).data["risks"]


def test_asking_where_the_pistol_is_gets_the_glovebox_once_he_trusts_you_and_a_refusal_before():
    early = play(["where's the pistol right now"])
    assert "pistol_glovebox" not in {e.data["fact"] for e in early.events if e.type == ev.FACT_REVEALED}
    late = [e for e in play(skilled_lines()).events if e.type == ev.FACT_REVEALED and e.data["fact"] == "pistol_glovebox"]
    assert late


def test_seizing_the_pistol_is_a_confrontation_not_safe_storage():
    lines = skilled_lines()
    cut = next(i for i, ln in enumerate(lines) if "safekeeping" in ln.lower())
    session = play([*lines[:cut], "/approach", "/approach", *lines[cut + 1:]])
    assert session.variables["pistol_secured"] is False or outcome(session) != "voluntary_help"


# -- respect, and proportional reactions ---------------------------------------------------------------------------

def _trust_after(lines: list[str]) -> float:
    return float(play(lines).variables["trust"])


def test_affirming_what_he_did_right_builds_more_trust_than_a_generic_line():
    opening = skilled_lines()[:11]  # through the suicide question: he has told why he drove out here
    affirmed = _trust_after([*opening, "coming out here so you wouldn't be alone with it took courage"])
    generic = _trust_after([*opening, "i understand"])
    assert affirmed > generic


def test_a_barked_order_costs_a_step_not_a_cliff():
    opening = ["sir this is the police my name is officer ruiz i'm staying right here behind my car", "/step_back"]
    before = play(opening).variables
    after = play([*opening, "calm down"]).variables
    assert 0 < after["agitation"] - before["agitation"] <= 15
    assert 0 < before["trust"] - after["trust"] <= 15


def test_clumsy_lines_alone_never_reach_an_injury():
    clumsy = ["calm down", "it's just fireworks pull yourself together", "hurry up", "calm down right now", "stop overreacting", "come on"]
    for seed in (0, 1, 2):
        session = play([*clumsy, "/wait 30", *clumsy], seed)
        assert outcome(session) not in CATASTROPHIC


def test_closing_in_on_him_while_he_is_keyed_up_can_end_in_a_fight():
    session = play(["police show me your hands", "/approach", "/approach", "/approach"])
    assert outcome(session) == "injury"


def test_a_sincere_apology_right_after_a_slip_is_acknowledged_in_character():
    session = play(["sir this is the police my name is officer ruiz i'm staying right here behind my car", "calm down",
                    "i'm sorry that came out wrong"])
    assert [e for e in session.events if e.type == ev.REPAIR]
    assert said(session)[-1].endswith("apology.1")


# -- content-free play --------------------------------------------------------------------------------------------

def _content_free() -> dict[str, list[str]]:
    s = scenario()
    best = f"/refer {next(r for r, v in s.referrals.items() if v.rating == 'best')}"
    words = [m for f in s.facts.values() if not f.known for m in f.mentions[:1]]
    stuffed = [" ".join(chunk) for chunk in itertools.zip_longest(*[iter(words)] * 4, fillvalue="")]
    return {
        "generic": [*GENERIC, best, *GENERIC[:8], best, *GENERIC[8:], best],
        "stuffing": [GENERIC[0], *stuffed * 2, best, best],
        "actions": ["/step_back", "/hands_visible", "/sit_down", "/call_mobile_crisis", *["/step_back", "/hands_visible"] * 4, best, "/wait 30", best],
        "waiting": [GENERIC[0], *["/wait 60"] * 12, best, "/wait 60", best],
    }


@pytest.mark.parametrize("name", ["generic", "stuffing", "actions", "waiting"])
def test_content_free_play_never_resolves_the_crisis(name: str):
    for seed in (1, 2, 3):
        out = result(play(_content_free()[name], seed))
        assert (out["ending"] or {}).get("outcome") != "voluntary_help", (name, seed)
        assert out["scores"]["overall"] < 70, (name, seed, out["scores"])


# -- memory and the menu --------------------------------------------------------------------------------------------

def test_no_line_twice_in_a_row_and_none_past_twice_a_session_in_any_playthrough():
    s = scenario()
    refrains = {ln.id for t in s.topics.values() for ln in (*t.answers, *t.repeat) if ln.refrain}
    refrains |= {ln.id for p in s.phases.values() for ln in (*p.enter, *p.lines) if ln.refrain}
    for pt in s.playthroughs:
        lines = said(run_script(s, parse_script("\n".join(pt.script), pt.id), seed=pt.seed))
        assert all(a != b for a, b in itertools.pairwise(lines)), pt.id
        over = {line: n for line, n in Counter(lines).items() if n > 2 and line not in refrains}
        assert not over, (pt.id, over)


@pytest.mark.parametrize("seed", range(6))
def test_a_menu_walk_of_positive_choices_reaches_a_good_ending(seed: int):
    """Picking only positively rated choices (and giving him time) is a path the menu itself teaches."""
    s = scenario()
    rng = random.Random(seed)
    lines = ["/step_back"]
    session = play(lines, seed)
    for _ in range(30):
        if session.ending:
            break
        offered = [c for c in s.phases[session.phase].choices if c.rating == "positive" and c.requires <= session.conversation.memory.known]
        if not offered:
            lines.append("/wait 20")
        else:
            lines += [f"/choose {rng.choice(offered).id}", "/wait 20"]
        session = play(lines, seed)
    if not session.ending:
        session = play([*lines, "/refer crisis_line_988"], seed)
    assert outcome(session) == "voluntary_help", (lines, session.phase)

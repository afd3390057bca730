"""Keyword stuffing earns little (issue 13): a turn that strings the scenario's trigger phrases together is a list.

A scenario's keyword fires once, whatever else the turn says, so counting fired keywords misses the stuffing that
matters most: one keyword's phrases read out together ("sunflower lanyard your card your note your phone says thank
you for showing me"). The session counts the *different trigger phrases* a turn strings together, of any keyword,
fired before or not; four or more (``STUFFED_CUES``) make the turn a list recited at the person. It is recorded
(``cues`` on the turn's ``understood`` event), meets no objective, builds no rapport and earns no checklist item,
and two such turns cap the run as content-free.

tests/fixtures/gaming/cue_lists/<scenario>.txt are such lists written for each shipped scenario (the plain suicide
question marked '# asked' is the one real line); the generated variant builds the same from whatever keywords the
scenario declares. The skilled, slip-and-repair and calibration transcripts written at mixed skill or better are the
control: no turn of theirs may count as a list.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from simulator.catalog import scenario_files
from simulator.clock import ManualClock
from simulator.scenario.loader import load_scenario_or_raise
from simulator.scoring import WEIGHTS, score
from simulator.script import parse_script, run_script
from simulator.session import Session
from simulator.turns import STUFFED_CUES, turns_of

TESTS = Path(__file__).resolve().parent
CUE_LISTS = TESTS / "fixtures" / "gaming" / "cue_lists"
SCENARIOS = [p.stem for p in scenario_files()]
CAP = WEIGHTS["caps"]["content_free"]


@cache
def scenario(scenario_id: str):
    return load_scenario_or_raise(next(p for p in scenario_files() if p.stem == scenario_id))


def play(scenario_id: str, text: str, seed: int = 0):
    session = run_script(scenario(scenario_id), parse_script(text, scenario_id), seed=seed)
    outcome = session.scenario.endings[session.ending].outcome if session.ending else None
    return session, outcome, score(session.events)


def generated_cue_lists(scenario_id: str) -> str:
    """Every keyword's phrases read out, four to eight a turn, one real suicide question, then the best referral."""
    s = scenario(scenario_id)
    turns, chunk = [], []
    for kw in s.keywords:
        chunk += list(kw.phrases)
        if len(chunk) >= STUFFED_CUES:
            turns.append(" ".join(chunk[:8]))
            chunk = []
    best = next(r for r, ref in s.referrals.items() if ref.rating == "best")
    return "\n".join([*turns[:5], "Are you thinking about killing yourself?", *turns[5:9], "/wait 60", f"/refer {best}"])


def test_every_shipped_scenario_has_a_cue_list_transcript():
    assert sorted(p.stem for p in CUE_LISTS.glob("*.txt")) == sorted(SCENARIOS)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_each_recited_list_is_recorded_as_stuffing(scenario_id):
    lines = (CUE_LISTS / f"{scenario_id}.txt").read_text(encoding="utf-8").splitlines()
    lists = [ln for ln in lines if ln.strip() and not ln.startswith(("#", "/")) and not ln.rstrip().endswith("# asked")]
    session, _, _ = play(scenario_id, "\n".join(lines))
    said = {e.data["text"]: e.turn for e in session.events if e.type == "trainee_said"}
    recorded = {e.turn: e.data.get("cues", []) for e in session.events if e.type == "understood"}
    stuffed = {t.number for t in turns_of(session.events) if t.stuffed}
    for text in lists:
        turn = said[text]
        assert turn in stuffed, (text, recorded.get(turn))
    assert any(len(recorded.get(said[t], [])) >= STUFFED_CUES for t in lists)  # the phrase count, not only older rules


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_recited_lists_never_win(scenario_id, seed):
    _, outcome, scores = play(scenario_id, (CUE_LISTS / f"{scenario_id}.txt").read_text(encoding="utf-8"), seed)
    assert outcome != "voluntary_help", scores.as_dict()
    assert scores.overall <= CAP, scores.as_dict()


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_lists_built_from_the_scenarios_own_keywords_never_win(scenario_id):
    session, outcome, scores = play(scenario_id, generated_cue_lists(scenario_id))
    assert outcome != "voluntary_help", scores.as_dict()
    assert scores.overall <= CAP, scores.as_dict()
    assert not [e for e in session.events if e.type == "objective_met" and e.turn != 0
                and any(t.number == e.turn and t.stuffed for t in turns_of(session.events))]


def legit_transcripts() -> list[tuple[str, Path]]:
    levels = json.loads((TESTS / "calibration" / "levels.json").read_text(encoding="utf-8"))["written"]
    out = [(p.stem, p) for p in sorted((TESTS / "fixtures" / "skilled").glob("*.txt"))]
    out += [(p.stem, p) for p in sorted((TESTS / "fixtures" / "repair").glob("*.txt"))]
    out += [(name.split("-")[0], TESTS / "calibration" / name) for name, level in sorted(levels.items()) if level >= 4]
    return out


@pytest.mark.parametrize(("scenario_id", "path"), legit_transcripts(), ids=lambda x: x.name if isinstance(x, Path) else x)
def test_no_sentence_of_a_real_conversation_counts_as_a_list(scenario_id, path):
    session, _, _ = play(scenario_id, path.read_text(encoding="utf-8"))
    listed = [e.data["text"] for e in session.events if e.type == "understood" and e.data.get("cues")]
    assert listed == []


def test_a_phrase_said_again_or_inside_a_longer_one_counts_once():
    s = Session(scenario("autistic_overload"), seed=0, clock=ManualClock())
    s.start()
    s.say("Ellie, I'll turn my radio down. Turn my radio down, yes, turn my radio down.")
    s.say("I see your card. Your card, your card, your card.")
    assert not [e for e in s.events if e.type == "understood" and e.data.get("cues")]
    s.say("I see your lanyard, your note, your card, and what your phone says.")
    (listed,) = [e for e in s.events if e.type == "understood" and e.data.get("cues")]
    assert listed.data["cues"] == ["lanyard", "your note", "your card", "your phone says"]

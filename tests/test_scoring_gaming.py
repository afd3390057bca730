"""Gaming never wins (issues 11 and 13): the patterns of tests/fixtures/gaming/ on every shipped scenario.

A trainer that rewards the wrong thing teaches the wrong thing. Each transcript here tries to win
without the skill (kind words with no content, keyword stuffing, parroting, waiting, buttons only);
none may reach a voluntary-help ending or score 70 overall, and parroting earns at most 40 on
communication. Where the person shows suicide risk, leaving out the direct question (or asking about
substances in its place) keeps the overall below 70 however good the rest was. The skilled transcript
the risk patterns are built from is the control: it must still win, or the test proves nothing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from simulator.catalog import scenario_files
from simulator.scenario.loader import load_scenario_or_raise
from simulator.scoring import score
from simulator.script import parse_script, run_script

FIXTURES = Path(__file__).parent / "fixtures"
GAMING = sorted((FIXTURES / "gaming").glob("*.txt"))
SCENARIOS = [p.stem for p in scenario_files()]
SUBSTANCE_QUESTION = "Have you taken anything today?"
SEEDS = (0, 1)


@cache
def scenario(scenario_id: str):
    return load_scenario_or_raise(next(p for p in scenario_files() if p.stem == scenario_id))


def best_referral(scenario_id: str) -> str:
    return next(r for r, ref in scenario(scenario_id).referrals.items() if ref.rating == "best")


def play(scenario_id: str, text: str, seed: int) -> tuple[str | None, dict]:
    """The outcome and the scores of ``text`` played as a script."""
    s = scenario(scenario_id)
    session = run_script(s, parse_script(text, scenario_id), seed=seed)
    outcome = s.endings[session.ending].outcome if session.ending else None
    return outcome, score(session.events).as_dict()


def skilled(scenario_id: str) -> list[str]:
    return (FIXTURES / "skilled" / f"{scenario_id}.txt").read_text(encoding="utf-8").splitlines()


def risk_variant(scenario_id: str, replacement: str | None) -> str:
    """The skilled transcript with its ``# risk`` line removed, or replaced by ``replacement``."""
    out: list[str] = []
    marked = False
    for line in skilled(scenario_id):
        if line.rstrip().endswith("# risk"):
            marked = True
            if replacement is not None:
                out.append(replacement)
            continue
        out.append(line)
    assert marked, f"tests/fixtures/skilled/{scenario_id}.txt marks no line '# risk' (the direct suicide question)"
    return "\n".join(out)


@pytest.mark.parametrize("path", GAMING, ids=lambda p: p.stem)
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_gaming_transcript_never_wins(scenario_id: str, path: Path):
    text = path.read_text(encoding="utf-8").replace("{referral}", best_referral(scenario_id))
    for seed in SEEDS:
        outcome, scores = play(scenario_id, text, seed)
        assert outcome != "voluntary_help", (path.name, seed, scores["overall"])
        assert scores["overall"] < 70, (path.name, seed, scores)
        if path.stem.startswith("parroting"):
            assert scores["communication"] <= 40, (path.name, seed, scores)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_skilled_control_wins(scenario_id: str):
    outcome, scores = play(scenario_id, "\n".join(skilled(scenario_id)), 0)
    assert outcome == "voluntary_help", scores
    assert scores["overall"] >= 70, scores


@pytest.mark.parametrize("replacement", [None, SUBSTANCE_QUESTION], ids=["never_asked", "substance_question_instead"])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_without_the_suicide_question_a_good_run_stays_below_70(scenario_id: str, replacement: str | None):
    _, scores = play(scenario_id, risk_variant(scenario_id, replacement), 0)
    assert scores["overall"] < 70, scores

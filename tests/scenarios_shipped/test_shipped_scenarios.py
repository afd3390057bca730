"""Every shipped scenario validates clean, passes its playthroughs, and rewards good practice.

The generic transcripts in tests/fixtures/transcripts were written without
reference to any one scenario (only TECHNIQUES.md ids, ordinary officer speech
and /refer): good practice must never end in injury, arrest or self-harm and
must score at least 30 points above escalation; escalation must never end in
voluntary help and must leave the person more agitated.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.catalog import scenario_files
from simulator.scenario.loader import load_scenario
from simulator.script import parse_script, result, run_script
from simulator.validate import run_playthroughs
from simulator.vocabulary import BAD_OUTCOMES, REFERRALS

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "fixtures" / "transcripts"
FILES = scenario_files()
GOOD = ("good_listener", "good_quiet", "good_short", "good_with_a_slip")
BAD = ("bad_commands", "bad_dismissive", "bad_mild")


def _scenario(path: Path):
    scenario, diags = load_scenario(path)
    assert scenario is not None, "\n".join(map(str, diags))
    return scenario


def test_there_are_at_least_six_shipped_scenarios():
    """The product ships the six presentations the curriculum needs."""
    assert len(FILES) >= 6


NOT_YET_CAUSED: set[str] = set()  # every shipped scenario declares the causes of its catastrophic endings


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_shipped_scenario_has_no_errors_and_no_warnings(path: Path, request: pytest.FixtureRequest):
    if path.stem in NOT_YET_CAUSED:
        request.applymarker(pytest.mark.xfail(strict=True, reason="known gap, issue 19: catastrophic endings declare no causes yet (validator warns)"))
    """Shipped content is held to the strictest bar: not even a warning."""
    _, diags = load_scenario(path)
    assert [str(d) for d in diags] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_shipped_scenario_has_the_required_shape(path: Path):
    """At least three endings, a good and a bad playthrough, every referral rated."""
    s = _scenario(path)
    assert len(s.endings) >= 3
    assert set(s.referrals) == set(REFERRALS)
    outcomes = {s.endings[p.expect_ending].outcome if p.expect_ending else p.expect_outcome for p in s.playthroughs}
    assert "voluntary_help" in outcomes
    assert outcomes & BAD_OUTCOMES | outcomes & {"fled"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_embedded_playthrough_reaches_its_expected_ending(path: Path, request: pytest.FixtureRequest):
    """Playthroughs are the scenario's own regression tests."""
    assert [str(d) for d in run_playthroughs(_scenario(path))] == []


def _play(scenario, name: str, referral: str, seed: int) -> dict:
    text = (TRANSCRIPTS / f"{name}.txt").read_text(encoding="utf-8").replace("{referral}", referral)
    return result(run_script(scenario, parse_script(text), seed=seed))


def _referrals_to_try(scenario) -> list[str]:
    best = [r for r, v in scenario.referrals.items() if v.rating == "best"]
    acceptable = [r for r, v in scenario.referrals.items() if v.rating == "acceptable"]
    return sorted({*best[:1], *acceptable[:1], "mobile_crisis_team"})


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("seed", [0, 3])
def test_generic_good_practice_beats_escalation_by_thirty_points(path: Path, seed: int):
    """De-escalation ends safe and calmer, escalation never ends in voluntary help."""
    scenario = _scenario(path)
    for referral in _referrals_to_try(scenario):
        good = [_play(scenario, g, referral, seed) for g in GOOD]
        bad = [_play(scenario, b, referral, seed) for b in BAD]
        for g in good:
            assert g["ending"] is None or g["ending"]["outcome"] not in BAD_OUTCOMES, (referral, g["ending"])
        for b in bad:
            assert b["ending"] is None or b["ending"]["outcome"] != "voluntary_help", (referral, b["ending"])
        for g in good:
            for b in bad:
                assert g["scores"]["overall"] >= b["scores"]["overall"] + 30, (referral, g["scores"], b["scores"])
                assert g["variables"]["agitation"] < b["variables"]["agitation"]

"""Which engine hears the trainee, and how wide the accurate engine searches: what this machine can do in the budget."""

from __future__ import annotations

import pytest

from simulator.speech.policy import FINAL_BUDGET_MS, Estimate, fit_beam, pick
from tests.speech.test_recognizer_moonshine import MODEL


def test_the_most_accurate_engine_within_the_budget_wins():
    engine, why = pick([Estimate("moonshine", 420.0), Estimate("vosk", 150.0), Estimate("builtin", 150.0)])
    assert engine == "moonshine" and f"{FINAL_BUDGET_MS:.0f} ms" in why


def test_an_accurate_engine_too_slow_here_gives_way_and_says_so():
    engine, why = pick([Estimate("moonshine", 900.0), Estimate("builtin", 150.0)])
    assert engine == "builtin" and "too slow on this machine: moonshine (~900 ms)" in why


def test_when_nothing_fits_the_fastest_is_used_and_the_reason_says_none_meets_the_budget():
    engine, why = pick([Estimate("moonshine", 900.0), Estimate("builtin", 700.0)])
    assert engine == "builtin" and "no engine meets" in why


def test_no_engine_at_all_is_an_error_the_caller_reports():
    with pytest.raises(ValueError):
        pick([])


@pytest.mark.skipif(MODEL is None, reason="the test model comes with the dev dependency moonshine-cpp==0.1.4")
def test_the_accurate_engine_searches_as_wide_as_the_machine_affords():
    """The real engine, timed here: any budget a real probe fits keeps the widest beam; a budget nothing fits falls
    back to the narrowest beam (the engine policy then weighs that probe against the streaming engines)."""
    from simulator.speech.moonshine_engine import MoonshineRecognizer

    recognizer = MoonshineRecognizer(MODEL)
    try:
        assert tuple(sorted(recognizer.BEAMS, reverse=True)) == recognizer.BEAMS and len(recognizer.BEAMS) > 1
        roomy = fit_beam(recognizer, budget_ms=60_000)
        assert recognizer.beam == recognizer.BEAMS[0] and roomy > 0
        tight = fit_beam(recognizer, budget_ms=0.0)
        assert recognizer.beam == recognizer.BEAMS[-1] and tight > 0
    finally:
        recognizer.close()

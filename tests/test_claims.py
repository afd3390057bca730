"""simulator.claims: an ending narrates only what the session's events show (issue 19)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from simulator.catalog import scenario_files
from simulator.claims import claims_of, unsupported
from simulator.events import SessionEvent
from simulator.scenario.loader import load_scenario_or_raise
from simulator.script import parse_script, run_script

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCENARIOS = [p.stem for p in scenario_files()]


def _ended(narration: str, *inputs: tuple[str, dict]) -> list[SessionEvent]:
    events = [SessionEvent(0, 0.0, 0, "session_started", {"variables": {"agitation": 50}})]
    for i, (kind, data) in enumerate(inputs, start=1):
        events.append(SessionEvent(i, float(i), i, kind, data))
    events.append(SessionEvent(len(events), 99.0, len(inputs), "session_ended", {"ending": "x", "outcome": "injury", "narration": narration}))
    return events


def test_a_narrated_grab_needs_hands_on_force_in_the_events():
    narration = "You lunge while she is looking at the traffic."
    assert unsupported(_ended(narration, ("action_taken", {"action": "step_back"})))
    assert unsupported(_ended(narration, ("action_taken", {"action": "physical_control"}))) == []


def test_a_narrated_taser_needs_a_drawn_weapon():
    narration = "Seeing him lunge, the taser is out and fired before anyone has time to think."
    assert "weapon drawn" in unsupported(_ended(narration))[0]
    assert unsupported(_ended(narration, ("action_taken", {"action": "draw_weapon"}))) == []


def test_paramedics_called_only_now_is_false_when_they_were_called_earlier():
    narration = "You start CPR; the paramedics, called only now, take over."
    early = _ended(narration, ("trainee_said", {"text": "I'd like the paramedics to check your heart."}))
    assert unsupported(early) and "EMS called only at the end" in unsupported(early)[0]
    assert unsupported(_ended(narration, ("trainee_said", {"text": "You look hot."}))) == []


def test_hedged_sentences_claim_nothing():
    assert claims_of("Whether he came at you or you went to him, the distance is gone.") == []


@cache
def _scenario(scenario_id: str):
    return load_scenario_or_raise(next(p for p in scenario_files() if p.stem == scenario_id))


def _transcripts(scenario_id: str) -> list[Path]:
    return sorted([*(FIXTURES / "gaming").glob("*.txt"), *(FIXTURES / "transcripts").glob("*.txt"), FIXTURES / "skilled" / f"{scenario_id}.txt"])


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_ending_reached_by_our_transcripts_is_true_to_the_record(scenario_id):
    """Gaming, generic, escalating and skilled runs: whatever ending they reach claims only what happened."""
    scenario = _scenario(scenario_id)
    best = next(r for r, v in scenario.referrals.items() if v.rating == "best")
    problems = []
    for path in _transcripts(scenario_id):
        for seed in (0, 3):
            session = run_script(scenario, parse_script(path.read_text(encoding="utf-8").replace("{referral}", best)), seed=seed)
            problems += [f"{path.name} (seed {seed}): {p}" for p in unsupported(session.events)]
    assert problems == []

"""Repair in every shipped scenario (issue 19): a slip owned and repaired still ends well; the same slip three times
unrepaired does not; an apology with nothing to repair changes nothing; repeated apologies earn nothing."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from simulator.catalog import scenario_files
from simulator.scenario.loader import load_scenario_or_raise
from simulator.scoring import score
from simulator.script import parse_script, run_script

SKILLED = Path(__file__).resolve().parent / "fixtures" / "skilled"
SCENARIOS = [p.stem for p in scenario_files()]
SLIP = "Calm down."
APOLOGY = "I'm sorry, that came out wrong."


@cache
def scenario(scenario_id: str):
    return load_scenario_or_raise(next(p for p in scenario_files() if p.stem == scenario_id))


def lines(scenario_id: str) -> list[str]:
    return [ln for ln in (SKILLED / f"{scenario_id}.txt").read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def with_inserted(scenario_id: str, at: int, *extra: str) -> str:
    """The skilled transcript with ``extra`` lines after its ``at``-th spoken line."""
    out, spoken = [], 0
    for ln in lines(scenario_id):
        out.append(ln)
        if not ln.startswith("/"):
            spoken += 1
            if spoken == at:
                out.extend(extra)
    return "\n".join(out)


def play(scenario_id: str, text: str):
    session = run_script(scenario(scenario_id), parse_script(text), seed=0)
    outcome = session.scenario.endings[session.ending].outcome if session.ending else None
    return session, outcome


def turn_of(session, text: str, nth: int = 1) -> int:
    turns = [e.turn for e in session.events if e.type == "trainee_said" and e.data["text"] == text]
    return turns[nth - 1]


def technique_causes(session, turn: int) -> set[str]:
    return {c for e in session.events if e.type == "state_changed" and e.turn == turn for c in e.data["causes"]
            if not c.startswith(("drift", "silence"))}


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_one_slip_with_a_sincere_repair_still_reaches_a_good_ending(scenario_id):
    session, outcome = play(scenario_id, with_inserted(scenario_id, 1, SLIP, APOLOGY))
    assert outcome == "voluntary_help", [e.data for e in session.events if e.type == "session_ended"]
    repairs = [e for e in session.events if e.type == "repair"]
    assert [r.turn for r in repairs] == [turn_of(session, APOLOGY)]
    rows = score(session.events).rubric.rows()
    assert any(r["group"] == "Ruptures and repairs" and r["status"] == "met" for r in rows)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_same_slip_three_times_without_repair_does_not_end_well(scenario_id):
    session, outcome = play(scenario_id, with_inserted(scenario_id, 1, SLIP, "/wait 5", SLIP, "/wait 5", SLIP))
    assert outcome != "voluntary_help"
    assert not [e for e in session.events if e.type == "repair"]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_an_apology_with_nothing_to_repair_changes_nothing(scenario_id):
    session, _ = play(scenario_id, with_inserted(scenario_id, 1, APOLOGY))
    turn = turn_of(session, APOLOGY)
    assert technique_causes(session, turn) == set()
    assert not [e for e in session.events if e.type == "repair"]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_repeated_apologies_earn_nothing(scenario_id):
    session, _ = play(scenario_id, with_inserted(scenario_id, 1, SLIP, APOLOGY, APOLOGY))
    first, second = turn_of(session, APOLOGY, 1), turn_of(session, APOLOGY, 2)
    assert [e.turn for e in session.events if e.type == "repair"] == [first]
    assert technique_causes(session, second) == set()

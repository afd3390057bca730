"""One slip owned at once still ends well, in every shipped scenario (issue 19), with the live reader.

tests/fixtures/repair/<scenario>.txt is the skilled run with one clumsy line of the kind that person is most hurt
by (an order to answer, a brush-off, correcting a man with dementia, telling a frightened man it is the drugs,
telling a paranoid man the van is empty, rushing a veteran) and, at once, an apology in words that own it. Each
marks its '# slip' and '# repair' lines. (Whether the reader misreads a later line of the skilled run as a
slip is the reader's business, measured by its own benches, not asserted here.) The same run with the repair taken out, or with "Sorry, but" in front of the
slip again in its place, is the control: the repair must be what makes the difference.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from simulator.catalog import scenario_files
from simulator.scenario.loader import load_scenario_or_raise
from simulator.scoring import score
from simulator.script import parse_script, run_script

REPAIR = Path(__file__).resolve().parent / "fixtures" / "repair"
SCENARIOS = [p.stem for p in scenario_files()]


@cache
def scenario(scenario_id: str):
    return load_scenario_or_raise(next(p for p in scenario_files() if p.stem == scenario_id))


def transcript(scenario_id: str) -> list[str]:
    return (REPAIR / f"{scenario_id}.txt").read_text(encoding="utf-8").splitlines()


def marked(scenario_id: str, mark: str) -> str:
    (line,) = [ln for ln in transcript(scenario_id) if ln.rstrip().endswith(f"# {mark}")]
    return line.split("  #")[0].strip()


def play(scenario_id: str, lines: list[str], seed: int = 0):
    session = run_script(scenario(scenario_id), parse_script("\n".join(lines), scenario_id), seed=seed)
    outcome = session.scenario.endings[session.ending].outcome if session.ending else None
    return session, outcome, score(session.events)


def turn_of(session, text: str) -> int:
    return next(e.turn for e in session.events if e.type == "trainee_said" and e.data["text"] == text)


def test_every_shipped_scenario_has_a_slip_and_repair_transcript():
    assert sorted(p.stem for p in REPAIR.glob("*.txt")) == sorted(SCENARIOS)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_one_slip_owned_at_once_still_reaches_a_good_ending(scenario_id, seed):
    session, outcome, scores = play(scenario_id, transcript(scenario_id), seed)
    assert outcome == "voluntary_help", scores.as_dict()
    assert scores.overall >= 70, scores.as_dict()
    slip, repair = turn_of(session, marked(scenario_id, "slip")), turn_of(session, marked(scenario_id, "repair"))
    ruptures = [e.turn for e in session.events if e.type == "rupture"]
    assert ruptures[:1] == [slip] and repair not in ruptures  # the slip counts, and the apology is not a new one
    assert [(e.turn, e.data["rupture_turn"]) for e in session.events if e.type == "repair"] == [(repair, slip)]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_repair_is_what_makes_the_difference(scenario_id):
    lines = transcript(scenario_id)
    _, _, repaired = play(scenario_id, lines)
    session, _, unrepaired = play(scenario_id, [ln for ln in lines if not ln.rstrip().endswith("# repair")])
    assert not [e for e in session.events if e.type == "repair"]
    assert unrepaired.rubric is not None and any(r["group"] == "Ruptures and repairs" and r["status"] == "missed"
                                                 for r in unrepaired.rubric.rows())
    assert unrepaired.overall < repaired.overall


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_sorry_but_the_same_slip_again_is_no_repair(scenario_id):
    again = "Sorry, but " + marked(scenario_id, "slip")
    lines = [again if ln.rstrip().endswith("# repair") else ln for ln in transcript(scenario_id)]
    session, _, _ = play(scenario_id, lines)
    assert not [e for e in session.events if e.type == "repair"]
    assert turn_of(session, again) in [e.turn for e in session.events if e.type == "rupture"]

"""Scenario-declared instructor cues (issue 16): what the instructor can make happen live, checked like any change."""

from __future__ import annotations

import pytest

from simulator import events as ev
from simulator.catalog import scenario_files
from simulator.scenario.loader import load_scenario_or_raise
from simulator.session import Session
from simulator.session.instructor import DEFAULT_CUES, apply_control, cues_for
from tests.conftest import check_file, locate, write_variant

CUE = '''
instructor_cues:
  - id: radio_squawks
    label: "Your radio squawks"
    narration: "Your radio squawks loudly on your shoulder."
    change: {agitation: 6}
    reply: "What was that?"
'''


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_every_shipped_scenario_declares_three_cues_of_its_own_and_each_moves_the_person(path):
    scenario = load_scenario_or_raise(path)
    own = [c for c in cues_for(scenario) if c.id not in {d.id for d in DEFAULT_CUES}]
    assert len(own) >= 3, [c.id for c in own]
    for n, cue in enumerate(own):
        session = Session(scenario, seed=1)
        session.say("hi, I'm officer Lee")
        before = dict(session.variables)
        apply_control(session, {"kind": "cue", "cue": cue.id, "id": f"c{n}", "by": "Sgt. Ames"})
        said = [e for e in session.events if e.type == ev.PERSON_SAID and e.data["line"].startswith(f"instructor.cue.{cue.id}")]
        assert [e.data["speaker"] for e in said] == ["narrator", "person"], cue.id
        assert session.variables != before, cue.id


def test_a_cue_is_read_from_the_file(tmp_path):
    checked = check_file(write_variant(tmp_path, ("limits: {turns: 30", CUE.lstrip() + "limits: {turns: 30")))
    assert checked.errors == []
    (cue,) = checked.scenario.instructor_cues
    assert cue["id"] == "radio_squawks" and cue["change"] == {"agitation": 6}


def test_a_cue_that_changes_an_undeclared_variable_is_an_error_that_says_where(tmp_path):
    path = write_variant(tmp_path, ("limits: {turns: 30", CUE.replace("agitation: 6", "anger: 6").lstrip() + "limits: {turns: 30"))
    error = check_file(path).error("change to undeclared variable 'anger'")
    assert error.line == locate(path, "anger: 6")[0] and "declare it under `variables:`" in error.hint


def test_two_cues_with_one_id_are_an_error(tmp_path):
    twice = CUE + CUE.split("instructor_cues:\n")[1]
    checked = check_file(write_variant(tmp_path, ("limits: {turns: 30", twice.lstrip() + "limits: {turns: 30")))
    checked.error("duplicate instructor cue id 'radio_squawks'")

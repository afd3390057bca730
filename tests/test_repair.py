"""simulator.repair: proportional reactions, ruptures, repair once and only right after, causes of catastrophic endings."""

from __future__ import annotations

import pytest

from simulator.repair import (
    PATTERN,
    REPAIR_SHARE,
    REPAIR_WINDOW,
    Ledger,
    cause_problems,
    misstep_size,
    sounds_like_apology,
    step_limit,
)


def test_a_slip_moves_the_person_about_a_step_and_more_near_the_top():
    ledger = Ledger()
    calm = ledger.proportional({"agitation": 20, "trust": -16}, "command", agitation=40)
    high = ledger.proportional({"agitation": 20, "trust": -16}, "command", agitation=90)
    assert 0 < calm["agitation"] < high["agitation"] < 20
    assert calm["agitation"] == pytest.approx(step_limit("agitation", 40))
    assert high["trust"] < 0


def test_dangerous_and_supportive_reactions_keep_their_full_size():
    ledger = Ledger()
    assert ledger.proportional({"agitation": 22, "trust": -16}, "threaten", agitation=80) == {"agitation": 22, "trust": -16}
    assert ledger.proportional({"agitation": -7, "trust": 6}, "emotion_label", agitation=80) == {"agitation": -7, "trust": 6}


@pytest.mark.parametrize(("what", "agitation", "is_action", "size"), [
    ("command", 70, False, "slip"), ("argue", 70, False, "slip"), ("insult", 70, False, "hurtful"),
    ("threaten", 10, False, "dangerous"), ("physical_control", 10, True, "dangerous"), ("draw_weapon", 10, True, "dangerous"),
    ("approach", 70, True, "dangerous"), ("approach", 20, True, None), ("step_back", 90, True, None), ("validate", 90, False, None),
])
def test_misstep_sizes(what, agitation, is_action, size):
    assert misstep_size(what, agitation, is_action) == size


def test_a_sincere_repair_right_after_wins_back_part_of_the_cost_once():
    ledger = Ledger()
    ledger.record(3, "command", "slip", {"agitation": 6, "trust": -6})
    repair = ledger.repair(4, apology=True, action=None, techniques=["apologize"])
    assert repair is not None and repair.restore == {"agitation": -6 * REPAIR_SHARE, "trust": 6 * REPAIR_SHARE}
    assert ledger.repair(5, apology=True, action=None, techniques=["apologize"]) is None  # repeated apologies earn nothing
    assert ledger.unrepaired == 0 and ledger.env()["repairs"] == 1


def test_an_apology_with_nothing_to_repair_does_nothing():
    assert Ledger().repair(2, apology=True, action=None, techniques=["apologize"]) is None


def test_a_repair_too_late_or_mixed_with_a_new_slip_does_not_count():
    ledger = Ledger()
    ledger.record(1, "argue", "slip", {"trust": -6})
    assert ledger.repair(1 + REPAIR_WINDOW + 1, apology=True, action=None, techniques=[]) is None
    ledger.record(10, "command", "slip", {"trust": -6})
    assert ledger.repair(11, apology=True, action=None, techniques=["apologize", "command"]) is None


def test_the_fitting_act_repairs_an_act():
    ledger = Ledger()
    ledger.record(2, "approach", "dangerous", {"agitation": 10})
    assert ledger.repair(3, apology=False, action="sit_down", techniques=[]) is None
    repair = ledger.repair(3, apology=False, action="step_back", techniques=[])
    assert repair is not None and repair.how == "step_back"


def test_catastrophic_endings_need_a_dangerous_act_or_a_sustained_pattern():
    ledger = Ledger()
    ledger.record(1, "command", "slip", {"agitation": 6})
    ledger.repair(2, apology=True, action=None, techniques=[])
    assert ledger.cause_for("self_harm", None) is None
    for turn in range(3, 3 + PATTERN):
        ledger.record(turn, "command", "slip", {"agitation": 6})
    assert "unrepaired" in (ledger.cause_for("self_harm", None) or "")
    armed = Ledger()
    armed.record(1, "draw_weapon", "dangerous", {"agitation": 28})
    assert armed.cause_for("injury", None) == "draw weapon at turn 1"
    assert armed.cause_for("injury", {"acts": ["physical_control"]}) is None  # the scenario's own causes decide
    assert Ledger().cause_for("fled", None) == "not catastrophic"


def test_validator_problems_for_causes():
    assert cause_problems("ok", "injury", None, ["approach"]) == []
    assert cause_problems("calm", "voluntary_help", None, []) == []
    assert "none of its causes" in cause_problems("x", "injury", {"acts": ["physical_control"]}, ["step_back"])[0]
    assert cause_problems("y", "injury", {"acts": ["physical_control"], "pattern": 3}, ["step_back"]) == []


@pytest.mark.parametrize("text", ["I'm sorry, that came out wrong.", "sorry i shouldn't have said that", "You're right, I came too close.",
                                  "my mistake let me try that again"])
def test_apologies_are_heard(text):
    assert sounds_like_apology(text)


@pytest.mark.parametrize("text", ["Calm down.", "Are you thinking about killing yourself?", "I'm here to help."])
def test_other_lines_are_not_apologies(text):
    assert not sounds_like_apology(text)

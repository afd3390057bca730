"""The validator: every injury or self-harm ending declares a cause that can happen in its scenario (issue 19)."""

from __future__ import annotations

DECLARED = "    causes: {acts: [physical_control, approach]}\n"


def test_a_catastrophic_ending_with_its_causes_passes(checked):
    c = checked()
    assert not [d for d in c.warnings + c.errors if "lead to it" in d.message or "causes" in d.message]
    assert c.scenario.endings["struggle"].causes.acts == ("physical_control", "approach")


def test_a_catastrophic_ending_without_causes_is_a_warning_with_the_line_to_add(checked):
    c = checked((DECLARED, ""))
    (w,) = [d for d in c.warnings if "does not say what can lead to it" in d.message]
    assert "struggle" in w.message and "causes: {acts: [" in w.hint and w.line > 0


def test_causes_the_scenario_cannot_produce_are_an_error(checked):
    c = checked((DECLARED, "    causes: {acts: [physical_control]}\n"),
                ("actions: [step_back, approach, sit_down, hands_visible, call_backup, call_mobile_crisis, draw_weapon, holster, physical_control]",
                 "actions: [step_back, approach, sit_down, hands_visible, call_backup, call_mobile_crisis, draw_weapon, holster]"))
    assert any("none of its causes can happen here" in d.message for d in c.errors)


def test_a_pattern_alone_is_a_cause(checked):
    c = checked((DECLARED, "    causes: {pattern: 3}\n"))
    assert not [d for d in c.warnings + c.errors if "causes" in d.message or "lead to it" in d.message]


def test_an_unknown_act_is_a_schema_error(checked):
    c = checked((DECLARED, "    causes: {acts: [sneeze]}\n"))
    assert any("sneeze" in d.message or "causes" in str(d) for d in c.errors)

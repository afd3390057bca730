"""simulator.scenario.loader: every way a scenario file can be wrong gets one positioned, actionable message.

Each test breaks a copy of tests/fixtures/scenarios/minimal.yaml in one place and checks
that the message points at the right line (and column where it matters), is an error or a
warning as it should be, and tells the author what to do.
"""

from __future__ import annotations

import pytest

from simulator.diagnostics import InvalidFile
from simulator.scenario.loader import load_scenario, load_scenario_or_raise

# -- the fixture itself -------------------------------------------------------------------


def test_minimal_fixture_loads_without_errors(minimal_path, check):
    """The test fixture is a valid scenario: no errors, and the model is built."""
    c = check(minimal_path)
    assert c.errors == []
    assert c.scenario is not None
    assert c.scenario.id == "minimal"
    assert c.scenario.start_phase == "contact"
    assert set(c.scenario.phases) == {"contact", "talking"}


def test_variables_get_their_kind_range_and_start(minimal_path):
    """Numbers default to the range 0–100; booleans are typed by their start value or `type:`."""
    scenario, _ = load_scenario(minimal_path)
    v = scenario.variables
    assert (v["agitation"].kind, v["agitation"].start, v["agitation"].minimum, v["agitation"].maximum) == ("number", 70, 0, 100)
    assert (v["hope"].minimum, v["hope"].maximum) == (0, 10)
    assert (v["told_story"].kind, v["told_story"].start) == ("boolean", False)


def test_scenario_reactions_override_the_defaults(minimal_path):
    """A scenario's `reactions:` replace the default for that id only; others keep defaults.yaml."""
    scenario, _ = load_scenario(minimal_path)
    (argue,) = scenario.technique_reactions["argue"]
    assert argue.change == {"agitation": 12, "trust": -10}
    (command,) = scenario.technique_reactions["command"]
    assert command.change == {"agitation": 10, "trust": -8}
    approach = scenario.action_reactions["approach"]
    assert [c.change for c in approach] == [{"agitation": 15, "trust": -8}, {"agitation": 3}]


def test_content_hash_identifies_the_file_content(variant):
    """The content hash changes with the content, not with the file name."""
    a, _ = load_scenario(variant(name="a.yaml"))
    b, _ = load_scenario(variant(name="b.yaml"))
    c, _ = load_scenario(variant(("title: Man outside the shop", "title: Man outside the bank"), name="c.yaml"))
    assert a.content_hash == b.content_hash != c.content_hash


def test_load_or_raise_carries_every_error(variant):
    """load_scenario_or_raise raises InvalidFile carrying all the errors, not just the first."""
    path = variant(("to: talking", "to: talkin"), ("ending: out_of_time}", "ending: out_of_tim}"))
    with pytest.raises(InvalidFile) as caught:
        load_scenario_or_raise(path)
    messages = [d.message for d in caught.value.diagnostics if d.severity == "error"]
    assert any("talkin" in m for m in messages) and any("out_of_tim" in m for m in messages)


def test_a_file_that_is_not_a_mapping_is_an_error(tmp_path, check):
    """A YAML list (or text) at the top is an error saying how a scenario starts."""
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    (d,) = check(path).errors
    assert d.message == "a scenario file must be a mapping of keys" and "schema_version" in d.hint


# -- YAML -------------------------------------------------------------------------------------


def test_yaml_syntax_error(checked, where):
    """A YAML syntax error is the only message, at the line and column where parsing failed."""
    c = checked(("title: Man outside the shop", "title: Man: outside the shop"))
    (d,) = c.errors
    assert c.scenario is None
    assert (d.line, d.column) == (where(c.path, "title:")[0], len("title: Man:"))
    assert d.message.startswith("YAML syntax:") and "indentation" in d.hint


def test_duplicate_key(checked, where):
    """A key given twice is an error on the second one."""
    c = checked(("dispatch: Caller", "setting: Somewhere else.\ndispatch: Caller"))
    d = c.error("duplicate key 'setting'")
    assert (d.line, d.column) == where(c.path, "setting: Somewhere else.")
    assert "remove or rename" in d.hint


def test_yes_and_no_stay_text(checked):
    """`yes`, `no`, `on` and `off` are text (YAML 1.2): they load as the words, not as booleans."""
    c = checked(("content_warnings: []", "content_warnings: [yes, no, on, off]"), ("name: Sam Doe", "name: No"))
    assert c.errors == []
    assert c.scenario.content_warnings == ("yes", "no", "on", "off")
    assert c.scenario.person.name == "No"


def test_yaml11_boolean_where_a_boolean_is_required_is_an_error(checked, where):
    """`start: yes` is text, so a start marker written that way is a type error, not silently true."""
    c = checked(("    start: true\n", "    start: yes\n"))
    d = c.error("phases[0].start should be boolean")
    assert (d.line, d.column) == where(c.path, "yes")


# -- schema ------------------------------------------------------------------------------------


def test_missing_required_key(checked, where):
    """A missing top-level key is an error at the top of the file, naming the key to add."""
    c = checked(("dispatch: Caller reports a man shouting at customers.\n", ""))
    d = c.error("missing 'dispatch'")
    assert d.message == "the scenario is missing 'dispatch'"
    assert d.line == where(c.path, "schema_version:")[0]
    assert "add `dispatch:`" in d.hint


def test_missing_nested_key_points_at_its_mapping(checked, where):
    """A key missing inside a list item is reported where that item starts."""
    c = checked(("    title: He is arrested\n", ""))
    d = c.error("missing 'title'")
    assert d.message == "endings[3] is missing 'title'"
    assert (d.line, d.column) == where(c.path, "id: arrested")


def test_unknown_top_level_key_suggests_the_right_one(checked, where):
    """A misspelt key is an error on its own line with a 'did you mean'."""
    c = checked(("setting: A corner", "settting: A corner"))
    d = c.error("unknown key")
    assert d.message == "unknown key 'settting' in the scenario"
    assert d.hint == "did you mean 'setting'?"
    assert (d.line, d.column) == where(c.path, "settting:")


def test_unknown_nested_key_is_reported_on_its_own_line(checked, where):
    """An unknown key deep in a phase points at that key, not at the start of the phase."""
    c = checked(("    narration: He stops pacing", "    narrattion: He stops pacing"))
    d = c.error("unknown key")
    assert d.message == "unknown key 'narrattion' in phases[0]"
    assert d.hint == "did you mean 'narration'?"
    assert (d.line, d.column) == where(c.path, "narrattion:")


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(checked):
    """When nothing is close, the hint lists the keys that are allowed there."""
    c = checked(("  age: 40\n", "  age: 40\n  favourite_colour: blue\n"))
    d = c.error("unknown key 'favourite_colour'")
    assert d.hint.startswith("allowed keys: ") and "presentation" in d.hint


def test_wrong_type(checked, where):
    """A value of the wrong type names the expected type and the value given."""
    c = checked(("estimated_minutes: 5", "estimated_minutes: five"))
    (d,) = c.errors
    assert d.message == "estimated_minutes should be integer, not str ('five')"
    assert (d.line, d.column) == where(c.path, "five")


def test_unknown_technique_id_suggests_the_right_one(checked, where):
    """A technique id outside TECHNIQUES.md is an error at the id, with a 'did you mean'."""
    c = checked(("techniques: [command]\n", "techniques: [comand]\n"))
    (d,) = c.errors
    assert d.message == "'comand' is not a valid value for phases[0].choices[1].techniques[0]"
    assert d.hint == "did you mean 'command'?"
    assert (d.line, d.column) == where(c.path, "comand")


def test_unknown_technique_as_a_reaction_key(checked, where):
    """A misspelt technique under `reactions.techniques` is reported at that key, with a suggestion."""
    c = checked(("    argue: {agitation: 12", "    arguee: {agitation: 12"))
    (d,) = c.errors
    assert "'arguee'" in d.message and d.hint == "did you mean 'argue'?"
    assert (d.line, d.column) == where(c.path, "arguee")


def test_unknown_action_id(checked, where):
    """An action id outside the vocabulary is an error listing the valid actions."""
    c = checked(("      actions: [physical_control]", "      actions: [tackle]"))
    (d,) = c.errors
    assert d.message == "'tackle' is not a valid value for transitions[1].on.actions[0]"
    assert "step_back" in d.hint and "physical_control" in d.hint
    assert (d.line, d.column) == where(c.path, "tackle")


def test_unknown_referral_id_is_reported_at_its_key(checked, where):
    """A misspelt referral id is an error on its own line (not where `referrals:` starts), with a suggestion."""
    c = checked(("  youth_services: {rating: poor", "  youth_service: {rating: poor"))
    (d,) = c.errors
    assert "'youth_service'" in d.message and d.hint == "did you mean 'youth_services'?"
    assert (d.line, d.column) == where(c.path, "youth_service:")


def test_bad_outcome(checked, where):
    """An ending's outcome must be one of the fixed outcomes; the hint lists them."""
    c = checked(("outcome: fled", "outcome: escaped"))
    (d,) = c.errors
    assert d.message == "'escaped' is not a valid value for endings[2].outcome"
    assert "fled" in d.hint and "voluntary_help" in d.hint
    assert (d.line, d.column) == where(c.path, "escaped")


@pytest.mark.parametrize(
    ("old", "new", "bad"),
    [
        ("id: minimal", "id: Minimal-1", "Minimal-1"),
        ("  - id: talking\n", "  - id: Talking\n", "Talking"),
        ("  - id: flees", "  - id: flees.now", "flees.now"),
        ("  hope: {type: number", "  Hope: {type: number", "Hope"),
    ],
)
def test_bad_id_pattern(checked, where, old, new, bad):
    """Ids and variable names are lower_snake_case (only line and choice ids may contain dots)."""
    c = checked((old, new))
    d = c.error(f"'{bad}'")
    assert d.message.endswith("is not a valid id")
    assert "lower_snake_case" in d.hint
    assert (d.line, d.column) == where(c.path, bad)


def test_line_ids_may_contain_dots(checked):
    """Line and choice ids such as `contact.c1` are valid."""
    assert checked(("id: contact.any.1", "id: contact.any.catch_all")).errors == []


def test_schema_errors_are_all_reported_at_once(checked):
    """Several schema problems in one file are all reported in one pass."""
    c = checked(("outcome: fled", "outcome: escaped"), ("estimated_minutes: 5", "estimated_minutes: five"))
    assert len(c.errors) == 2


# -- references ---------------------------------------------------------------------------------


def test_undefined_phase_in_to(checked, where):
    """A transition to a phase or ending that does not exist names it and suggests the closest."""
    c = checked(("to: talking", "to: talkin"))
    (d,) = c.errors
    assert d.message == "transition 'opens_up' goes to undefined phase or ending 'talkin'"
    assert d.hint == "did you mean 'talking'?"
    assert (d.line, d.column) == where(c.path, "talkin\n")


def test_undefined_phase_in_from(checked, where):
    """A transition from an undefined phase points at that entry of `from:`."""
    c = checked(("from: [contact]", "from: [contactt]"))
    (d,) = c.errors
    assert d.message == "transition 'opens_up' starts from undefined phase 'contactt'"
    assert d.hint == "did you mean 'contact'?"
    assert (d.line, d.column) == where(c.path, "contactt")


def test_transition_from_an_ending_is_explained(checked, where):
    """Naming an ending in `from:` is an error explaining that endings are final."""
    c = checked(("from: [contact]", "from: [contact, runs_off]"))
    (d,) = c.errors
    assert "undefined phase 'runs_off'" in d.message and "endings are final" in d.hint
    assert (d.line, d.column) == where(c.path, "runs_off]")


def test_undefined_target_of_a_referral(checked, where):
    """A referral that leads to an undefined phase or ending is an error at its `to:`."""
    c = checked(("accepted: {to: goes_with_team", "accepted: {to: goes_with_tim"))
    (d,) = c.errors
    assert d.message == "referral 'mobile_crisis_team' goes to undefined phase or ending 'goes_with_tim'"
    assert d.hint == "did you mean 'goes_with_team'?"
    assert d.line == where(c.path, "goes_with_tim")[0]


def test_undefined_ending_in_limits(checked, where):
    """The limits' ending must exist."""
    c = checked(("ending: out_of_time}", "ending: out_of_tim}"))
    (d,) = c.errors
    assert d.message == "limits end in undefined ending 'out_of_tim'"
    assert d.hint == "did you mean 'out_of_time'?"
    assert (d.line, d.column) == where(c.path, "out_of_tim}")


def test_limits_ending_should_be_unresolved(checked, where):
    """Running out of time into an ending whose outcome is not `unresolved` is a warning."""
    c = checked(("ending: out_of_time}", "ending: runs_off}"))
    assert c.errors == []
    d = c.warning("running out of time")
    assert d.line == where(c.path, "limits:")[0]


def test_undefined_ending_in_playthrough_expect(checked, where):
    """A playthrough that expects an undefined ending is an error at `ending:`."""
    c = checked(("expect: {outcome: injury}", "expect: {ending: strugle}"))
    (d,) = c.errors
    assert d.message == "playthrough expects undefined ending 'strugle'"
    assert d.hint == "did you mean 'struggle'?"
    assert (d.line, d.column) == where(c.path, "strugle")


def test_playthrough_that_expects_nothing(checked, where):
    """A playthrough must expect an ending or an outcome."""
    c = checked(("expect: {outcome: injury}", "expect: {}"))
    d = c.error("expects nothing")
    assert d.line == where(c.path, "expect: {}")[0]


def test_undefined_variable_in_a_condition(checked, where):
    """A condition reading an undeclared name is an error at the condition, suggesting the closest name."""
    c = checked(('when: "agitation >= 95"', 'when: "agitaton >= 95"'))
    (d,) = c.errors
    assert d.message == "unknown name 'agitaton' in condition 'agitaton >= 95'"
    assert d.hint == "did you mean 'agitation'?"
    assert (d.line, d.column) == where(c.path, '"agitaton')


def test_unknown_name_without_a_close_match_lists_the_names(checked):
    """When no declared name is close, the hint says to declare it and lists the readable names."""
    c = checked(('when: "agitation >= 95"', 'when: "mood >= 95"'))
    (d,) = c.errors
    assert d.hint.startswith("declare it under `variables:` or use one of:")
    assert "told_story" in d.hint and "phase_turns" in d.hint


def test_builtin_names_are_readable_in_conditions(checked):
    """Conditions may read the runtime's built-ins (turn, elapsed, distance, weapon_drawn, ...)."""
    when = 'when: "agitation >= 95 or (turn > 3 and elapsed > 60 and distance == 0 and not weapon_drawn and silence > 5)"'
    assert checked(('when: "agitation >= 95"', when)).errors == []


def test_undefined_variable_in_a_change(checked, where):
    """A change to an undeclared variable is an error at that key, suggesting the closest variable."""
    c = checked(("change: {trust: 5}", "change: {trusst: 5}"))
    (d,) = c.errors
    assert d.message == "change to undeclared variable 'trusst'"
    assert "did you mean 'trust'?" in d.hint
    assert d.line == where(c.path, "trusst")[0]


def test_number_given_to_a_boolean_in_a_change(checked, where):
    """A true/false variable can only be set to true or false."""
    c = checked(("change: {told_story: true}", "change: {told_story: 1}"))
    (d,) = c.errors
    assert d.message == "'told_story' is true/false, so a change must be true or false, not 1"
    assert (d.line, d.column) == where(c.path, "1}}")


def test_boolean_given_to_a_number_in_a_change(checked, where):
    """A number variable can only be changed by a number (added)."""
    c = checked(("change: {trust: 5}", "change: {trust: true}"))
    (d,) = c.errors
    assert d.message == "'trust' is a number, so a change must be a number to add, not True"
    assert d.line == where(c.path, "trust: true")[0]


def test_start_value_outside_its_range(checked, where):
    """A number must start inside its declared range."""
    c = checked(("hope: {type: number, min: 0, max: 10, start: 2}", "hope: {type: number, min: 0, max: 10, start: 12}"))
    (d,) = c.errors
    assert d.message == "'hope' starts at 12 outside its range 0–10"
    assert (d.line, d.column) == where(c.path, "12}")


def test_start_value_outside_the_default_range(checked, where):
    """Without min/max a number lives in 0–100."""
    c = checked(("agitation: {start: 70}", "agitation: {start: 120}"))
    (d,) = c.errors
    assert d.message == "'agitation' starts at 120 outside its range 0–100"
    assert d.line == where(c.path, "start: 120")[0]


def test_min_not_below_max(checked):
    """A range whose min is not below its max is an error."""
    c = checked(("min: 0, max: 10, start: 2", "min: 10, max: 10, start: 10"))
    assert c.error("has min 10 ≥ max 10").hint == "make min smaller than max"


def test_boolean_variable_with_a_number_start(checked, where):
    """A `type: boolean` variable must start as true or false."""
    c = checked(("told_story: {type: boolean, start: false}", "told_story: {type: boolean, start: 0}"))
    d = c.error("must start as true or false")
    assert d.line == where(c.path, "told_story:")[0]


def test_variable_named_like_a_builtin(checked):
    """A variable may not shadow a runtime built-in such as `turn`."""
    c = checked(("  told_story: {type: boolean", "  turn: {start: 1}\n  told_story: {type: boolean"))
    assert c.error("'turn' is a built-in name").hint == "rename the variable"


def test_condition_that_does_not_parse(checked, where):
    """A condition that cannot be read is an error at the condition, with an example of a good one."""
    c = checked(('when: "agitation >= 95"', 'when: "agitation >= = 95"'))
    (d,) = c.errors
    assert d.message.startswith("cannot read the condition 'agitation >= = 95'")
    assert "agitation >= 70" in d.hint
    assert (d.line, d.column) == where(c.path, '"agitation >= =')


def test_condition_with_forbidden_syntax(checked):
    """A condition using arithmetic (or calls) is an error, never evaluated."""
    c = checked(('when: "agitation >= 95"', 'when: "agitation + trust >= 95"'))
    (d,) = c.errors
    assert "only names, numbers, true/false, comparisons" in d.message


def test_unknown_keyword_in_a_transition(checked, where):
    """A transition `on: keywords:` must name a declared keyword."""
    c = checked(("keywords: [mentions_job]", "keywords: [mentions_jobs]"))
    (d,) = c.errors
    assert d.message == "unknown keyword 'mentions_jobs'"
    assert "declare it under `keywords:`" in d.hint and "did you mean 'mentions_job'?" in d.hint
    assert (d.line, d.column) == where(c.path, "mentions_jobs")


def test_unknown_choice_in_a_transition(checked, where):
    """A transition `on: choices:` must name a choice of the scenario."""
    c = checked(("choices: [contact.c1]", "choices: [contact.c9]"))
    (d,) = c.errors
    assert d.message == "unknown choice 'contact.c9'"
    assert d.hint.startswith("did you mean 'contact.c")
    assert (d.line, d.column) == where(c.path, "contact.c9")


def test_unknown_speaker(checked, where):
    """A line's `speaker` must be a declared character."""
    c = checked(("speaker: dispatcher", "speaker: dispatch"))
    (d,) = c.errors
    assert d.message == "unknown speaker 'dispatch'" and "did you mean 'dispatcher'?" in d.hint
    assert d.line == where(c.path, "speaker: dispatch")[0]


def test_empty_trigger(checked):
    """A transition with an `on:` that lists nothing is an error."""
    c = checked(("    on:\n      actions: [physical_control]\n", "    on: {}\n"))
    assert "has an empty `on:`" in c.error("grabbed").message


def test_transition_without_trigger_or_condition(checked):
    """A transition with neither `on:` nor `when:` would fire at once: an error."""
    c = checked(('    when: "agitation >= 95"\n', ""))
    assert "neither `on:` nor `when:`" in c.error("flees").message


def test_ending_and_phase_share_an_id(checked):
    """An id cannot be both a phase and an ending."""
    c = checked(("  - id: runs_off\n", "  - id: talking\n"), ("to: runs_off", "to: talking"))
    assert c.error("is both a phase and an ending").message == "'talking' is both a phase and an ending"


# -- duplicates ---------------------------------------------------------------------------------


def test_duplicate_phase_id(checked, where):
    """Two phases with one id: the error is on the second and names the first one's line."""
    c = checked(("  - id: talking\n", "  - id: contact\n"))
    d = c.error("duplicate phase id 'contact'")
    first, second = where(c.path, "  - id: contact\n")[0], where(c.path, "  - id: contact\n", 2)[0]
    assert d.message == f"duplicate phase id 'contact' (first used on line {first})"
    assert d.line == second


def test_duplicate_line_id_within_a_phase(checked, where):
    """Two lines with one id: the error is on the second and names the first one's line."""
    c = checked(("id: contact.any.1", "id: contact.high.1"))
    (d,) = c.errors
    assert d.message == f"duplicate line id 'contact.high.1' (first used on line {where(c.path, 'contact.high.1')[0]})"
    assert (d.line, d.column) == where(c.path, "contact.high.1", 2)


def test_line_ids_are_unique_across_the_whole_file(checked, where):
    """A line id used in two different phases is a duplicate too (voices and replays refer to it)."""
    c = checked(("id: talking.any.1", "id: contact.any.1"))
    (d,) = c.errors
    assert f"(first used on line {where(c.path, 'contact.any.1')[0]})" in d.message
    assert d.line == where(c.path, "contact.any.1", 2)[0]


def test_duplicate_choice_id(checked, where):
    """Two choices with one id: the error names the first one's line."""
    c = checked(("id: contact.c2", "id: contact.c1"))
    (d,) = c.errors
    assert d.message == f"duplicate choice id 'contact.c1' (first used on line {where(c.path, 'id: contact.c1')[0]})"
    assert d.line == where(c.path, "id: contact.c1", 2)[0]


def test_duplicate_transition_id(checked, where):
    """Two transitions with one id: the error names the first one's line."""
    c = checked(("id: flees", "id: grabbed"))
    (d,) = c.errors
    assert d.message == f"duplicate transition id 'grabbed' (first used on line {where(c.path, 'id: grabbed')[0]})"
    assert d.line == where(c.path, "id: grabbed", 2)[0]
    assert d.hint == "give each transition its own id"


def test_duplicate_ending_id(checked, where):
    """Two endings with one id: the error names the first one's line."""
    c = checked(("  - id: arrested\n", "  - id: runs_off\n"), ("accepted: {to: arrested}", "accepted: {to: runs_off}"))
    d = c.error("duplicate ending id 'runs_off'")
    assert f"(first used on line {where(c.path, 'id: runs_off')[0]})" in d.message


# -- start phase ------------------------------------------------------------------------------------


def test_no_start_phase(checked, where):
    """A scenario with no `start: true` phase is an error at the phases list."""
    c = checked(("    start: true\n", ""))
    (d,) = c.errors
    assert d.message == "no phase is marked `start: true`"
    assert d.hint == "mark exactly one phase with `start: true`"
    assert d.line == where(c.path, "- id: contact")[0]


def test_two_start_phases(checked, where):
    """Two start phases: the error is at the second `start: true` and names both phases."""
    c = checked(("  - id: talking\n", "  - id: talking\n    start: true\n"))
    (d,) = c.errors
    assert d.message == "2 phases are marked `start: true`: contact, talking"
    assert d.line == where(c.path, "start: true", 2)[0]


# -- warnings from the loader -----------------------------------------------------------------------


def test_unrated_referral_is_a_warning(checked, where):
    """A referral id left unrated is a warning (the file still loads), naming the resource."""
    c = checked(("  youth_services: {rating: poor, why: He is an adult.}\n", ""))
    assert c.errors == []
    assert c.scenario is not None
    d = c.warning("not rated")
    assert d.message == "referral 'youth_services' is not rated for this person"
    assert "best, acceptable, poor or harmful" in d.hint
    assert d.line == where(c.path, "crisis_line_988:")[0]


def test_harmful_referral_that_can_be_accepted_is_a_warning(checked):
    """A harmful resource (other than jail) that the person may accept is a warning."""
    c = checked(("  youth_services: {rating: poor, why: He is an adult.}", '  youth_services: {rating: harmful, why: He is an adult., accept_when: "trust > 50"}'))
    assert c.errors == []
    assert c.warning("harmful referral 'youth_services' can be accepted")


def test_choice_that_counts_as_nothing_is_a_warning(checked):
    """A menu choice with no technique, action or referral is a warning: the person cannot react to it."""
    c = checked(("        techniques: [command]\n", ""))
    assert c.errors == []
    assert c.warning("counts as no technique").message == "choice 'contact.c2' counts as no technique, action or referral"


def test_action_the_scenario_does_not_offer_is_a_warning(checked):
    """A transition waiting for an action the scenario does not offer is a warning."""
    c = checked(("draw_weapon, holster, physical_control]", "draw_weapon, holster]"))
    assert c.errors == []
    assert "physical_control" in c.warning("does not offer").message


def test_errors_and_warnings_are_reported_together_but_apart(checked):
    """A file with an error still lists its warnings, each with its own severity, and builds no model."""
    c = checked(("to: talking", "to: talkin"), ("  youth_services: {rating: poor, why: He is an adult.}\n", ""))
    assert c.scenario is None
    assert [d.severity for d in c.errors] == ["error"]
    assert c.warning("not rated").severity == "warning"

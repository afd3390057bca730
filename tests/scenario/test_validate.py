"""simulator.validate: checking files and folders, and running each scenario's playthroughs."""

from __future__ import annotations

import shutil

import pytest

from simulator.clock import ManualClock
from simulator.scenario.loader import load_scenario
from simulator.session import Session
from simulator.validate import expand, run_playthroughs, validate_file

# -- files and folders ----------------------------------------------------------------------------


def test_expand_keeps_named_files(minimal_path):
    """A file named on the command line is checked as is."""
    assert expand([str(minimal_path)]) == ([minimal_path], [])


def test_expand_lists_the_yaml_files_of_a_folder(tmp_path, minimal_path):
    """A folder stands for its .yaml and .yml files, in name order; other files are skipped."""
    shutil.copy(minimal_path, tmp_path / "b.yaml")
    shutil.copy(minimal_path, tmp_path / "a.yml")
    (tmp_path / "notes.txt").write_text("not a scenario")
    (tmp_path / "c.yaml.bak").write_text("old")
    files, problems = expand([str(tmp_path)])
    assert [f.name for f in files] == ["a.yml", "b.yaml"]
    assert problems == []


def test_missing_path_is_an_error(tmp_path):
    """A path that does not exist is an error diagnostic, not an exception."""
    files, problems = expand([str(tmp_path / "nowhere.yaml")])
    assert files == []
    (d,) = problems
    assert (d.severity, d.message, d.line) == ("error", "no such file or folder", 1)
    assert d.path.endswith("nowhere.yaml")


# -- playthroughs -----------------------------------------------------------------------------------


def test_minimal_playthroughs_reach_their_endings(minimal_path):
    """The fixture's playthroughs reach the endings they expect."""
    scenario, _ = load_scenario(minimal_path)
    assert run_playthroughs(scenario) == []


def test_playthrough_reaching_the_wrong_ending_is_an_error_on_its_line(variant, where):
    """A playthrough that ends elsewhere than expected is an error on the playthrough's line, saying what happened."""
    path = variant(("expect: {outcome: injury}", "expect: {outcome: arrest}"))
    errors = [d for d in validate_file(path) if d.severity == "error"]
    (d,) = errors
    assert d.line == where(path, "- id: grabs")[0]
    assert d.message.startswith("playthrough 'grabs' reached 'struggle' (injury) after 2 turns")
    assert d.message.endswith("expected arrest")
    assert "state at the end: agitation=" in d.hint


def test_playthrough_reaching_no_ending_is_an_error(variant, where):
    """A playthrough that stops without an ending says so."""
    path = variant(("      - /physical_control\n", "      - /step_back\n"))
    (d,) = [d for d in validate_file(path) if d.severity == "error"]
    assert "playthrough 'grabs' reached no ending" in d.message
    assert "in phase 'contact'" in d.message
    assert d.line == where(path, "- id: grabs")[0]


def test_playthroughs_can_be_skipped(variant):
    """validate_file(playthroughs=False) only loads and checks the file."""
    path = variant(("expect: {outcome: injury}", "expect: {outcome: arrest}"))
    assert [d for d in validate_file(path, playthroughs=False) if d.severity == "error"] == []


@pytest.mark.parametrize(
    ("command", "message", "hint"),
    [
        ("/tackle", "unknown command '/tackle'", "use one of: approach"),
        ("/stepback", "unknown command '/stepback'", "did you mean 'step_back'?"),
        ("/refer mobile_crisis", "unknown referral 'mobile_crisis'", "did you mean 'mobile_crisis_team'?"),
        ("/refer", "'/refer' needs one id", "e.g. /refer mobile_crisis_team"),
        ("/choose contact.c7", "'/choose contact.c7' names no choice of this scenario", "did you mean 'contact.c"),
        ("/wait soon", "'/wait' needs a number of seconds", "e.g. /wait 30"),
        ("/wait -5", "'/wait' needs a number of seconds", "e.g. /wait 30"),
        ("/wait nan", "'/wait' needs a number of seconds", "e.g. /wait 30"),
        ("/", "an empty command '/'", "/refer ID"),
    ],
)
def test_bad_script_command_in_a_playthrough(checked, where, command, message, hint):
    """A playthrough line that is not a valid command is an error at that line, with a hint."""
    c = checked(("      - /physical_control\n", f"      - {command}\n      - /physical_control\n"))
    (d,) = c.errors
    assert d.message == message
    assert hint in d.hint
    assert (d.line, d.column) == where(c.path, command + "\n")


def test_valid_commands_in_a_playthrough(checked):
    """Actions, /refer, /choose and /wait with good arguments are accepted."""
    c = checked(("      - /physical_control\n", "      - /wait 12.5\n      - /choose contact.c2\n      - /hands_visible\n      - /physical_control\n"))
    assert c.errors == []


# -- errors and warnings ---------------------------------------------------------------------------------

WARNINGS_ONLY = (
    ("voice: test_voice", "voice: not_a_voice"),
    ("  youth_services: {rating: poor, why: He is an adult.}\n", ""),
    ('when: "agitation < 60"', 'when: "agitation < 50"'),
    ("      - {id: contact.any.1, text: I just want to be left alone.}\n", ""),
)


def test_warnings_only_file_loads_and_plays(variant):
    """A file with only warnings loads, passes validation and plays to an ending."""
    path = variant(*WARNINGS_ONLY)
    diags = validate_file(path)
    assert {d.severity for d in diags} == {"warning"}
    assert len(diags) == 3
    scenario, _ = load_scenario(path)
    session = Session(scenario, seed=1, clock=ManualClock())
    session.start()
    session.choose("contact.c1")
    session.act("physical_control")
    assert session.ending == "struggle"


def test_warnings_do_not_hide_errors(variant):
    """Errors and warnings from one file come back together, each with its own severity."""
    path = variant(*WARNINGS_ONLY[:2], ("to: talking", "to: talkin"))
    diags = validate_file(path)
    assert sorted(d.severity for d in diags) == ["error", "warning"]


def test_voice_files_are_checked_as_voices(tmp_path):
    """A file in a voices/ folder is checked against the voice format, not the scenario format."""
    folder = tmp_path / "voices"
    folder.mkdir()
    path = folder / "someone.yaml"
    path.write_text("id: someone_else\n", encoding="utf-8")
    diags = validate_file(path)
    assert diags and all(d.severity == "error" for d in diags)
    assert not any("scenario" in d.message for d in diags)

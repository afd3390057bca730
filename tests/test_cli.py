"""simulator.cli: `deescalate validate | play | list` — clear messages and exit codes, never a traceback."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.catalog import scenario_files
from simulator.cli import main

ROOT = Path(__file__).resolve().parent.parent
ERROR_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): error: ", re.M)

# Files that are broken in every way that once crashed or could crash a loader.
BAD_FILES = {
    "empty.yaml": b"",
    "binary.yaml": b"\xff\xfe\x00\x01",
    "list.yaml": b"- one\n- two\n",
    "syntax.yaml": b"title: [unclosed\nid: x\n",
    "alias_loop.yaml": b"a: &x [*x]\n",
    "tagged.yaml": b"a: !!python/object/apply:os.system [echo hi]\n",
    "mapping_of_nothing.yaml": b"schema_version: 1\n",
}


def deescalate_command() -> list[str]:
    """The installed `deescalate` entry point, or the module if it is not installed."""
    script = Path(sys.executable).parent / "deescalate"
    return [str(script)] if script.exists() else [sys.executable, "-m", "simulator.cli"]


def write_bad_files(folder: Path) -> list[Path]:
    paths = []
    for name, content in BAD_FILES.items():
        path = folder / name
        path.write_bytes(content)
        paths.append(path)
    return paths


def write_script(folder: Path, text: str) -> Path:
    path = folder / "talk.txt"
    path.write_text(text, encoding="utf-8")
    return path


# -- validate -------------------------------------------------------------------------------------------


def test_validate_exits_1_and_prints_positioned_errors(variant, capsys, where):
    """Any error: exit 1, and each error printed as file:line:col: error: message — hint."""
    path = variant(("to: talking", "to: talkin"))
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    line, col = where(path, "talkin\n")
    assert f"{path}:{line}:{col}: error: transition 'opens_up' goes to undefined phase or ending 'talkin' — did you mean 'talking'?" in out
    assert "1 file(s): 1 error(s)" in err


def test_validate_exits_0_on_a_warnings_only_file(minimal_path, capsys):
    """Warnings are printed but do not fail validation."""
    assert main(["validate", str(minimal_path)]) == 0
    out, err = capsys.readouterr()
    assert ": warning: no voice profile 'test_voice'" in out
    assert ": error: " not in out
    assert "1 file(s): 0 error(s), 1 warning(s)" in err


def test_validate_runs_playthroughs(variant, capsys, where):
    """A playthrough that reaches the wrong ending fails validation, on the playthrough's line."""
    path = variant(("expect: {outcome: injury}", "expect: {outcome: arrest}"))
    assert main(["validate", str(path)]) == 1
    out, _ = capsys.readouterr()
    assert f"{path}:{where(path, '- id: grabs')[0]}:5: error: playthrough 'grabs' reached 'struggle'" in out


def test_validate_can_skip_playthroughs(variant):
    """--no-playthroughs only checks the files."""
    path = variant(("expect: {outcome: injury}", "expect: {outcome: arrest}"))
    assert main(["validate", "--no-playthroughs", str(path)]) == 0


def test_validate_expands_a_folder(tmp_path, minimal_path, capsys):
    """A folder is expanded to the scenario files in it, each checked."""
    shutil.copy(minimal_path, tmp_path / "good.yaml")
    (tmp_path / "bad.yaml").write_text(minimal_path.read_text(encoding="utf-8").replace("to: talking", "to: talkin"), encoding="utf-8")
    (tmp_path / "README.txt").write_text("not a scenario")
    assert main(["validate", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "bad.yaml:" in out and "good.yaml:" in out
    assert "2 file(s): 1 error(s)" in err


def test_validate_missing_path_is_an_error(tmp_path, capsys):
    """A path that does not exist is an error (exit 1), reported like any other."""
    missing = tmp_path / "nowhere.yaml"
    assert main(["validate", str(missing)]) == 1
    out, _ = capsys.readouterr()
    assert f"{missing}:1:1: error: no such file or folder — check the path" in out


def test_validate_folder_without_yaml_is_a_usage_error(tmp_path, capsys):
    """A folder with no YAML files is a usage error (exit 2) saying so."""
    assert main(["validate", str(tmp_path)]) == 2
    assert "no .yaml files found" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_validate_never_crashes_on_bad_input(tmp_path, capsys, name):
    """Broken files of every kind are errors with positions (exit 1), never an exception."""
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    assert main(["validate", str(path)]) == 1
    out, _ = capsys.readouterr()
    assert ERROR_LINE.search(out)


def test_validate_json_keeps_errors_and_warnings_apart(variant, capsys):
    """--json prints the files checked, the errors and the warnings as separate lists."""
    path = variant(("to: talking", "to: talkin"), ("  youth_services: {rating: poor, why: He is an adult.}\n", ""))
    assert main(["validate", "--json", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == [str(path)]
    assert [d["severity"] for d in data["errors"]] == ["error"]
    assert {d["severity"] for d in data["warnings"]} == {"warning"}
    assert set(data["errors"][0]) == {"path", "line", "column", "severity", "message", "hint"}


def test_validate_as_a_program_reports_without_tracebacks(tmp_path, minimal_path):
    """`deescalate validate` run as a program: exit 1 with positioned errors for every bad file, and no traceback."""
    bad = write_bad_files(tmp_path)
    done = subprocess.run([*deescalate_command(), "validate", *map(str, bad)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    reported = {Path(m["path"]).name for m in ERROR_LINE.finditer(done.stdout)}
    assert reported == set(BAD_FILES)
    good = subprocess.run([*deescalate_command(), "validate", str(minimal_path)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert good.returncode == 0
    assert "Traceback" not in good.stderr


# -- play --script ------------------------------------------------------------------------------------------

SCRIPT = """\
# a de-escalating opening
/step_back
/choose contact.c1
/wait 10   # let him talk
/refer crisis_line_988
"""


def test_play_script_json_has_exactly_the_documented_keys(tmp_path, minimal_path, capsys):
    """`play --script --json` prints scenario, seed, ending, variables, scores, turns and events, and nothing else."""
    script = write_script(tmp_path, SCRIPT + "/physical_control\n")
    assert main(["play", str(minimal_path), "--script", str(script), "--json", "--seed", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"scenario", "seed", "ending", "variables", "scores", "turns", "events"}
    assert (out["scenario"], out["seed"], out["turns"]) == ("minimal", 3, 4)
    assert out["ending"] == {"id": "struggle", "outcome": "injury"}
    assert set(out["scores"]) == {"calmness", "safety", "referral", "communication", "overall"}
    assert set(out["variables"]) == {"agitation", "trust", "hope", "told_story"}
    assert all(set(e) == {"seq", "t", "turn", "type", "data"} for e in out["events"])


def test_play_script_commands_and_comments_work(tmp_path, minimal_path, capsys):
    """/step_back, /choose, /wait, /refer and # comments all play as written; no ending gives `ending: null`."""
    script = write_script(tmp_path, SCRIPT)
    assert main(["play", str(minimal_path), "--script", str(script), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    inputs = [(e["type"], e["data"]) for e in out["events"] if e["type"] in ("action_taken", "choice_made", "waited", "referral_offered")]
    assert [kind for kind, _ in inputs] == ["action_taken", "choice_made", "waited", "referral_offered"]
    assert inputs[0][1]["action"] == "step_back"
    assert inputs[1][1]["choice"] == "contact.c1"
    assert inputs[2][1]["seconds"] == 10
    assert inputs[3][1]["resource"] == "crisis_line_988"
    assert out["ending"] is None and out["seed"] == 0 and out["turns"] == 3


def test_play_script_from_stdin(minimal_path, capsys, monkeypatch):
    """`--script -` reads the transcript from standard input."""
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("/refer jail\n"))
    assert main(["play", str(minimal_path), "--script", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ending"] == {"id": "arrested", "outcome": "arrest"}


def test_play_script_prints_a_transcript_without_json(tmp_path, minimal_path, capsys):
    """Without --json, play --script prints the exchange, the ending and the scores."""
    script = write_script(tmp_path, "calm down right now\n/physical_control\n")
    assert main(["play", str(minimal_path), "--script", str(script)]) == 0
    out = capsys.readouterr().out
    assert "you> calm down right now" in out
    assert "ending: struggle (injury)" in out
    assert out.count("scores: calmness ") == 1


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/wait soon", "'/wait' needs a number of seconds, e.g. /wait 30"),
        ("/tackle", "unknown command '/tackle'"),
        ("/refer", "'/refer' needs one id"),
    ],
)
def test_play_bad_script_command_exits_2_with_the_line(tmp_path, minimal_path, capsys, line, says):
    """A bad script command: exit 2 and a message naming the script, its line and the fix; nothing is played."""
    script = write_script(tmp_path, f"hello\n# a comment\n{line}\n")
    assert main(["play", str(minimal_path), "--script", str(script), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"deescalate: {script}:3: {says}")


def test_play_unknown_scenario_lists_the_available_ids(tmp_path, capsys):
    """An unknown scenario id: exit 2 and the list of ids there are."""
    script = write_script(tmp_path, "hello\n")
    assert main(["play", "no_such_scenario", "--script", str(script)]) == 2
    err = capsys.readouterr().err
    assert "unknown scenario 'no_such_scenario'. Available: " in err
    for path in scenario_files():
        assert path.stem in err


def test_play_missing_scenario_file(tmp_path, capsys):
    """A scenario path that does not exist is a usage error (exit 2)."""
    assert main(["play", str(tmp_path / "gone.yaml"), "--script", "-"]) == 2
    assert "no scenario file at" in capsys.readouterr().err


def test_play_broken_scenario_prints_its_errors(variant, tmp_path, capsys):
    """Playing a broken scenario file: exit 1 and its positioned errors on stderr."""
    path = variant(("to: talking", "to: talkin"))
    script = write_script(tmp_path, "hello\n")
    assert main(["play", str(path), "--script", str(script)]) == 1
    assert ERROR_LINE.search(capsys.readouterr().err)


def test_play_missing_script_file(tmp_path, minimal_path, capsys):
    """A script path that does not exist is a usage error (exit 2)."""
    assert main(["play", str(minimal_path), "--script", str(tmp_path / "none.txt")]) == 2
    assert "no script file at" in capsys.readouterr().err


def test_play_json_needs_a_script(minimal_path, capsys):
    """--json without --script is a usage error, not an interactive session."""
    assert main(["play", str(minimal_path), "--json"]) == 2
    assert "--json needs --script" in capsys.readouterr().err


# -- list -----------------------------------------------------------------------------------------------------


def test_list_json_gives_id_title_and_path(capsys):
    """`list --json` is a JSON list of objects, each with at least id, title and path."""
    assert main(["list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert isinstance(entries, list) and entries
    for entry in entries:
        assert {"id", "title", "path"} <= set(entry)
        assert Path(entry["path"]).suffix == ".yaml"
    assert {Path(e["path"]).stem for e in entries} == {p.stem for p in scenario_files()}


@pytest.mark.parametrize(("join", "says"), [("nohub", "CODE@HOST"), ("BAD@localhost", "not a join code"),
                                            ("ABCD-EFGH-JKLM@localhost:99999", "not a port number")])
def test_play_join_with_a_bad_code_or_address_says_what_to_type(join, says, capsys):
    assert main(["play", "bridge_suicidal", "--join", join]) != 0
    assert says in capsys.readouterr().err


def test_play_join_is_for_interactive_sessions_not_scripts(tmp_path, capsys):
    script = tmp_path / "s.txt"
    script.write_text("hello\n", encoding="utf-8")
    assert main(["play", "bridge_suicidal", "--script", str(script), "--join", "ABCD-EFGH-JKLM@localhost"]) != 0
    assert "interactive" in capsys.readouterr().err

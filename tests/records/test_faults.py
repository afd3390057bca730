"""Writes that fail say so and keep what was made: bad -o paths, a sessions folder that is a file, a disk that fills mid-session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.records.store import read_events


def _no_traceback(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("deescalate: ")
    return err


def test_export_to_an_existing_folder_says_so_and_writes_nothing_beside_it(recorded, tmp_path, capsys):
    """It used to write a hidden temp file into the folder's parent."""
    target = tmp_path / "exports"
    target.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["sessions", "export", str(recorded), "-o", str(target)]) == 2
    assert "that is a folder" in _no_traceback(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == before and list(target.iterdir()) == []


@pytest.mark.parametrize("command", ["export", "report-html", "report-pdf", "class-report"])
def test_bad_output_paths_are_messages(recorded, tmp_path, capsys, command):
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    for bad in (tmp_path / "missing" / "out.x", a_file / "out.x"):
        out = str(bad).replace(".x", {"export": ".zip", "report-html": ".html", "report-pdf": ".pdf", "class-report": ".html"}[command])
        argv = {"export": ["sessions", "export", str(recorded), "-o", out], "report-html": ["report", str(recorded), "-o", out],
                "report-pdf": ["report", str(recorded), "-o", out], "class-report": ["class-report", str(recorded.parent), "-o", out]}[command]
        assert main(argv) == 2
        err = _no_traceback(capsys)
        assert "does not exist" in err or "is a file, not a folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plain.txt", recorded.parent.name])  # nothing half-written anywhere


def test_a_sessions_folder_that_is_a_file_is_a_message(recorded, tmp_path, capsys):
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    archive = tmp_path / "s.zip"
    assert main(["sessions", "export", str(recorded), "-o", str(archive)]) == 0
    capsys.readouterr()
    assert main(["sessions", "import", str(archive), "--sessions-dir", str(a_file)]) == 2
    assert "cannot import" in _no_traceback(capsys)
    assert main(["sessions", "list", "--sessions-dir", str(a_file)]) == 2
    assert "cannot read the sessions folder" in _no_traceback(capsys)
    script = tmp_path / "script.txt"
    script.write_text("hello\n")
    assert main(["play", "bridge_suicidal", "--script", str(script), "--sessions-dir", str(a_file / "sub")]) == 2
    assert "cannot record" in _no_traceback(capsys)


FILLS_UP = r"""
import json, resource, signal, sys
from pathlib import Path
from simulator.catalog import find
from simulator.clock import ManualClock
from simulator.records.recorder import Recorder, rescue
from simulator.script import parse_script, play_steps
from simulator.session import Session

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as a full disk fails with ENOSPC
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
session = Session(find("bridge_suicidal"), seed=3, clock=ManualClock(), trainee="Full Disk")
rec = Recorder(session, Path(sys.argv[1]))
resource.setrlimit(resource.RLIMIT_FSIZE, (6000, hard))  # the log can grow to 6 KB: the disk fills in the first turns
play_steps(session, parse_script("hello my name is dana\n/step_back\ncan you tell me what is going on\nit sounds like you're scared\n/refer crisis_line_988\n"))
rec.finish()
resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))  # space again (another disk)
print(json.dumps({"failure": rec.failure, "message": rescue(rec), "events": len(session.events)}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_disk_that_fills_mid_session_keeps_every_event_and_saves_them_elsewhere(tmp_path):
    """The session goes on when its folder cannot be written; afterwards its events are saved whole, in another folder."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "DEESCALATE_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", FILLS_UP, str(tmp_path / "sessions")], capture_output=True, text=True, env=env, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["failure"] and "cannot write" in out["failure"]
    assert "saved in" in out["message"]
    (saved,) = (tmp_path / "data" / "rescued").iterdir()
    assert len(read_events(saved)) == out["events"] > 10
    partial = tmp_path / "sessions" / saved.name
    assert len(read_events(partial)) < out["events"]  # what reached the full disk is a readable prefix
    assert main(["replay", str(saved)]) == 0


def test_notes_on_a_missing_session_and_bad_turns_are_messages(recorded, capsys):
    assert main(["sessions", "note", "nope", "x", "--sessions-dir", str(recorded.parent)]) == 2
    _no_traceback(capsys)
    assert main(["sessions", "note", str(recorded), "x", "--turn", "-3"]) == 2
    assert "--turn" in _no_traceback(capsys)
    assert main(["sessions", "note", str(recorded), "  "]) == 2
    assert "needs some text" in _no_traceback(capsys)
    assert not Path(recorded / "notes.json").exists()

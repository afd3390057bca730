"""History: the SQLite index over the session folders, and `sessions list/show`."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

from simulator.cli import main
from simulator.records.store import SessionIndex, resolve

from .conftest import record


def _listed(capsys, *argv: str) -> list[dict]:
    capsys.readouterr()
    assert main(["sessions", "list", "--json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_list_filters_by_trainee_and_scenario_from_a_real_sqlite_index(tmp_path, capsys):
    """The index is a real SQLite file in the user's own data folder (not the shared sessions folder), queried by trainee and scenario."""
    d = tmp_path / "s"
    a = record(d, trainee="Ana Ruiz")
    b = record(d, trainee="Ben Okafor", script="/step_back\n")
    c = record(d, scenario="veteran_ptsd", trainee="Ana Ruiz", script="hello\n")
    rows = _listed(capsys, "--sessions-dir", str(d))
    assert {r["id"] for r in rows} == {a.name, b.name, c.name} and [r["started_at"] for r in rows] == sorted(r["started_at"] for r in rows)
    assert {r["id"] for r in _listed(capsys, "--sessions-dir", str(d), "--trainee", "ana ruiz")} == {a.name, c.name}
    assert {r["id"] for r in _listed(capsys, "--sessions-dir", str(d), "--scenario", "veteran_ptsd")} == {c.name}
    index = SessionIndex(d).path
    assert not (d / "index.sqlite").exists() and index.is_file() and index.is_relative_to(os.environ["DEESCALATE_DATA_DIR"])
    assert sorted(p.name for p in d.iterdir()) == sorted([a.name, b.name, c.name])  # the shared folder holds only session folders
    con = sqlite3.connect(index)
    assert con.execute("SELECT count(*) FROM sessions WHERE trainee = 'Ana Ruiz'").fetchone() == (2,)
    con.close()


def test_the_folders_are_the_truth_the_index_follows_them(tmp_path, capsys):
    """Deleted index: rebuilt. Deleted folder: dropped. Copied-in folder: added. Garbage index: replaced."""
    d = tmp_path / "s"
    a = record(d)
    b = record(d, script="/step_back\n")
    assert len(_listed(capsys, "--sessions-dir", str(d))) == 2
    SessionIndex(d).path.unlink()
    assert len(_listed(capsys, "--sessions-dir", str(d))) == 2
    shutil.rmtree(b)
    assert [r["id"] for r in _listed(capsys, "--sessions-dir", str(d))] == [a.name]
    shutil.copytree(b.parent / a.name, tmp_path / "elsewhere")
    SessionIndex(d).path.write_bytes(b"this is not a database")
    assert [r["id"] for r in _listed(capsys, "--sessions-dir", str(d))] == [a.name]
    assert SessionIndex(d).rows()[0].trainee == "Ana Ruiz"


def test_show_and_addressing_by_id_prefix_or_path(recorded, capsys):
    d = recorded.parent
    assert resolve(recorded.name, d) == recorded and resolve(str(recorded), d) == recorded
    assert resolve(recorded.name[:15], d) == recorded
    assert main(["sessions", "show", recorded.name, "--sessions-dir", str(d)]) == 0
    out = capsys.readouterr().out
    assert "Ana Ruiz" in out and "scores:" in out
    assert main(["sessions", "show", str(recorded), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == recorded.name


def test_list_says_so_when_there_are_no_sessions(tmp_path, capsys):
    assert main(["sessions", "list", "--sessions-dir", str(tmp_path / "none")]) == 0
    assert "no sessions" in capsys.readouterr().out


def test_records_benchmark_runs_small(capsys):
    """`bench records` creates sessions, lists them and writes the class report (a few here, 1,000 for real)."""
    from devtools.bench_records import run

    lines: list[str] = []
    figures = run(lines.append, count=30, max_seeds=4)
    assert figures["sessions"] == 30 and figures["list_s"] < 5 and figures["class_report_s"] < 30
    assert any("class-report" in ln for ln in lines)

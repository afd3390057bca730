"""A lab's shared sessions folder: concurrent notes are all kept, and the index is a cache that never gets in the way."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from simulator.cli import main
from simulator.records.store import INDEX_VERSION, SessionIndex, read_notes

from .conftest import record

PIN = """
import sys
from simulator.records.store import add_note
folder, who = sys.argv[1], sys.argv[2]
for i in range(100):
    add_note(folder, f"{who} note {i}", turn=i % 5, author=who)
"""


def test_two_processes_pinning_100_notes_each_keep_all_200(recorded):
    """Both writers run at once on one session folder: every read-modify-write holds the lock, every temp name is unique."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [subprocess.Popen([sys.executable, "-c", PIN, str(recorded), who], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for who in ("ana", "ben")]
    results = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1].decode()[-2000:] for r in results]
    notes = read_notes(recorded)
    assert len(notes) == 200
    assert {n["text"] for n in notes} == {f"{who} note {i}" for who in ("ana", "ben") for i in range(100)}
    assert not [p.name for p in recorded.iterdir() if p.name.endswith(".tmp")]


def _old_index(path: Path, folder: Path) -> None:
    """The index an earlier version wrote: 16 columns, no schema version (what made `sessions list` die)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    con.executescript("""CREATE TABLE sessions (id TEXT PRIMARY KEY, folder TEXT NOT NULL, stamp TEXT NOT NULL, trainee TEXT NOT NULL,
        scenario TEXT NOT NULL, title TEXT NOT NULL, started_at TEXT NOT NULL, ending TEXT, outcome TEXT, turns INTEGER NOT NULL,
        duration REAL NOT NULL, finished INTEGER NOT NULL, calmness INTEGER, safety INTEGER, referral INTEGER, overall INTEGER);""")
    con.execute("INSERT INTO sessions VALUES (?, ?, 'x', 'Old', 's', 't', '', NULL, NULL, 0, 0, 1, 1, 2, 3, 4)", (folder.name, str(folder)))
    con.commit()
    con.close()


def test_an_index_from_the_previous_schema_is_rebuilt_without_a_traceback(recorded, capsys):
    index = SessionIndex(recorded.parent)
    _old_index(index.path, recorded)
    capsys.readouterr()
    assert main(["sessions", "list", "--sessions-dir", str(recorded.parent), "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["trainee"] == "Ana Ruiz" and row["problem"] is None
    con = sqlite3.connect(index.path)
    assert con.execute("PRAGMA user_version").fetchone() == (INDEX_VERSION,)
    con.close()


def test_a_locked_index_is_waited_for_then_read_around_never_deleted(recorded, capsys):
    """Another process holds a write lock past the timeout: the listing comes from the folders, and the index survives."""
    d = recorded.parent
    index = SessionIndex(d, timeout=0.2)
    index.sync()
    holder = sqlite3.connect(index.path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        second = record(d, trainee="Ben Okafor", script="hello\n")  # its recorder cannot index it either; that is fine
        busy = SessionIndex(d, timeout=0.2)
        problems = busy.sync()
        assert {r.id for r in busy.rows()} == {recorded.name, second.name}
        assert busy.note and "busy" in busy.note and busy.note in problems
        assert index.path.is_file()
    finally:
        holder.rollback()
        holder.close()
    after = SessionIndex(d)
    assert after.sync() == [] and after.note is None
    assert {r.id for r in after.rows()} == {recorded.name, second.name}


def test_a_damaged_index_is_rebuilt_because_it_is_only_a_cache(recorded):
    index = SessionIndex(recorded.parent)
    index.sync()
    index.path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    again = SessionIndex(recorded.parent)
    assert again.sync() == [] and [r.id for r in again.rows()] == [recorded.name]


def test_the_recorder_writes_nothing_into_the_sessions_folder_but_session_folders(tmp_path):
    d = tmp_path / "shared"
    record(d)
    record(d, script="hello\n")
    assert all(p.is_dir() and not p.name.startswith(".") for p in d.iterdir())

"""Recording: one folder a session, every event fsync'ed as it happens, surviving kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import wave

import pytest

from simulator.records.recorder import Recorder, new_session_id
from simulator.records.replay import replay
from simulator.records.store import RecordError, read_events, read_meta
from simulator.scoring import score
from simulator.script import result

from .conftest import event_rows, record

LINES = [
    "hi my name is officer daniels i'm with the police department",
    "/step_back",
    "can you tell me what's going on tonight",
    "it sounds like you're really scared right now",
    "that makes sense anybody would feel that way",
]


def test_a_session_is_one_folder_with_its_log_metadata_and_audio(recorded):
    """events.jsonl, session.json (who, what, seed, hash, ending, scores) and audio/ make one session."""
    meta = read_meta(recorded)
    assert {p.name for p in recorded.iterdir()} == {"events.jsonl", "session.json", "audio"}
    assert meta["id"] == recorded.name and meta["scenario"] == "bridge_suicidal" and meta["trainee"] == "Ana Ruiz"
    assert meta["seed"] == 0 and len(meta["content_hash"]) >= 32 and meta["started_at"].endswith("Z") and meta["app_version"]
    events = read_events(recorded)
    assert meta["finished"] is True and meta["scores"] == score(events).as_dict()
    assert [e.seq for e in events] == list(range(len(events)))


def test_save_audio_keeps_a_wav_per_spoken_turn(tmp_path):
    """The app hands over each spoken turn's PCM; it lands as audio/turn-NNN.wav."""
    from simulator.catalog import find
    from simulator.session import Session

    rec = Recorder(Session(find("bridge_suicidal")), tmp_path)
    path = rec.save_audio(3, b"\x01\x00" * 1600, 16000)
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnframes(), w.getsampwidth()) == (16000, 1600, 2)
    assert path.name == "turn-003.wav"


def test_session_ids_sort_by_time_and_never_clash():
    """Ids start with the UTC time, so sorting them sorts sessions; random hex keeps same-second ones apart."""
    ids = [new_session_id(1_000_000 + i) for i in range(3)] + [new_session_id(2_000_000) for _ in range(50)]
    assert ids[:3] == sorted(ids[:3]) and len(set(ids)) == len(ids)


def test_a_torn_last_line_is_skipped_but_damage_in_the_middle_is_an_error(recorded):
    """A kill mid-write leaves half a line: readers skip it. A broken line mid-log is reported, not hidden."""
    log = recorded / "events.jsonl"
    whole = log.read_bytes()
    count = len(read_events(recorded))
    log.write_bytes(whole + b'{"seq": 999, "t": 1.0, "tur')
    assert len(read_events(recorded)) == count
    lines = whole.split(b"\n")
    log.write_bytes(b"\n".join([*lines[:3], b"garbage", *lines[3:]]))
    with pytest.raises(RecordError, match=r"events.jsonl:4"):
        read_events(recorded)


def _wait_for(predicate, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.02)


def test_kill_9_mid_session_loses_nothing_and_replays_to_the_same_state(tmp_path):
    """A live terminal session fed line by line is SIGKILLed between turns: every event is on disk, and replay matches it."""
    sessions = tmp_path / "sessions"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "simulator.cli", "play", "bridge_suicidal", "--seed", "5", "--sessions-dir", str(sessions),
                             "--trainee", "Killed Kim"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.extend(iter(lambda: proc.stdout.read1(4096), b"")), daemon=True)
    reader.start()
    try:
        _wait_for(lambda: b"you> " in b"".join(out))
        for i, line in enumerate(LINES, start=1):
            proc.stdin.write(line.encode() + b"\n")
            proc.stdin.flush()
            _wait_for(lambda i=i: b"".join(out).count(b"you> ") == i + 1)  # the turn was fully answered
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    reader.join(timeout=5)
    (folder,) = [p for p in sessions.iterdir() if p.is_dir()]
    meta = read_meta(folder)
    assert meta["finished"] is False and meta["trainee"] == "Killed Kim"
    events = read_events(folder)
    assert [e.seq for e in events] == list(range(len(events)))
    said = [e.data["text"] for e in events if e.type == "trainee_said"]
    assert said == [ln for ln in LINES if not ln.startswith("/")]
    assert [e.data["action"] for e in events if e.type == "action_taken"] == ["step_back"]
    printed = b"".join(out).decode()
    person_lines = [e.data["text"] for e in events if e.type == "person_said" and e.data["speaker"] == "person"]
    assert person_lines and all(text[:40] in printed.replace("\n", " ") or text[:20] in printed for text in person_lines)
    assert events[-1].type not in ("session_ended", "session_closed")

    done = replay(folder)
    assert [(e.type, e.turn, e.t, e.data) for e in done.session.events] == [(e.type, e.turn, e.t, e.data) for e in events]
    assert score(done.session.events).as_dict() == score(events).as_dict()
    last_vars = next(e.data["variables"] for e in reversed(events) if "variables" in e.data)
    assert result(done.session)["variables"] == {k: (v if isinstance(v, bool) else round(float(v), 2)) for k, v in last_vars.items()}

    # and the listing picks up the crashed session, scored from what reached the disk
    listed = subprocess.run([sys.executable, "-m", "simulator.cli", "sessions", "list", "--json", "--sessions-dir", str(sessions)],
                            capture_output=True, text=True, check=True)
    (row,) = json.loads(listed.stdout)
    assert row["id"] == folder.name and row["finished"] is False and row["scores"] == score(events).as_dict()


def test_instructor_notes_live_beside_the_log_and_never_change_it(recorded):
    """Notes go to notes.json; events.jsonl stays byte for byte the same."""
    from simulator.records.store import add_note, read_notes

    before = (recorded / "events.jsonl").read_bytes()
    add_note(recorded, "Good pace here", turn=2, author="Sgt. Lee")
    add_note(recorded, "Overall: strong")
    assert (recorded / "events.jsonl").read_bytes() == before
    assert [(n["turn"], n["text"]) for n in read_notes(recorded)] == [(2, "Good pace here"), (0, "Overall: strong")]


def test_every_line_on_disk_is_a_complete_event(recorded):
    """The log is plain JSON lines that SessionEvent reads back, each with its exact time."""
    rows = event_rows(recorded)
    assert all({"seq", "t", "turn", "type", "data", "at"} <= set(r) for r in rows)
    assert rows[0]["type"] == "session_started" and [r["seq"] for r in rows] == list(range(len(rows)))


def test_play_records_into_the_data_folder_by_default(tmp_path, monkeypatch, capsys):
    """Without --sessions-dir, sessions go to the user's data folder (DEESCALATE_DATA_DIR here)."""
    from simulator.cli import main

    monkeypatch.setenv("DEESCALATE_DATA_DIR", str(tmp_path / "data"))
    script = tmp_path / "s.txt"
    script.write_text("/step_back\n", encoding="utf-8")
    assert main(["play", "bridge_suicidal", "--script", str(script)]) == 0
    assert len([p for p in (tmp_path / "data" / "sessions").iterdir() if p.is_dir()]) == 1
    assert "recorded as session" in capsys.readouterr().err


def test_record_helper_matches_a_plain_scripted_run(tmp_path):
    """Recording changes nothing about the session itself."""
    from simulator.catalog import find
    from simulator.script import parse_script, run_script

    from .conftest import GOOD

    folder = record(tmp_path, trainee="")
    plain = run_script(find("bridge_suicidal"), parse_script(GOOD), seed=0)
    assert [e.to_dict() for e in read_events(folder)] == [e.to_dict() for e in plain.events]


def test_kill_9_during_a_scripted_play_keeps_a_replayable_prefix(tmp_path):
    """`play --script` SIGKILLed once N events are on disk: the log is a whole prefix, and replay rebuilds that very prefix."""
    sessions = tmp_path / "sessions"
    script = tmp_path / "long.txt"
    script.write_text("it sounds like this has been really hard\n" + "/wait 1\n" * 3000, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "simulator.cli", "play", "bridge_suicidal", "--sessions-dir", str(sessions), "--script", str(script)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def logged() -> int:
            logs = list(sessions.glob("*/events.jsonl"))
            return logs[0].read_bytes().count(b"\n") if logs else 0

        _wait_for(lambda: logged() >= 120 or proc.poll() is not None, timeout=60)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL, "the session finished before it could be killed"
    (folder,) = [p for p in sessions.iterdir() if p.is_dir()]
    events = read_events(folder)
    assert len(events) >= 120 and [e.seq for e in events] == list(range(len(events)))
    assert not read_meta(folder)["finished"] and events[-1].type not in ("session_ended", "session_closed")
    done = replay(folder)
    replayed = [e.to_dict() for e in done.session.events]
    assert replayed[: len(events)] == [e.to_dict() for e in events]


def test_an_unwritable_sessions_folder_is_a_clear_error(tmp_path, capsys):
    """Recording is always on, so a sessions folder that cannot be written stops play with a message, not a traceback."""
    from simulator.cli import main

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    script = tmp_path / "s.txt"
    script.write_text("/step_back\n")
    assert main(["play", "bridge_suicidal", "--script", str(script), "--sessions-dir", str(blocker / "sessions")]) == 2
    assert "cannot record the session" in capsys.readouterr().err


class _CreepingClock:
    """Live time on a loaded machine: every read of the clock is 7 ms after the last one."""

    def __init__(self) -> None:
        self.t = 1000.0

    def now(self) -> float:
        self.t += 0.007
        return self.t


def test_time_that_passes_while_a_turn_is_answered_replays_to_the_same_drift(tmp_path):
    """However long an input takes to answer, its drift, silence and events share the one instant its events carry,
    so the replay, which reads time off the log, gets the very same numbers (it once differed by 0.01 agitation)."""
    from simulator.catalog import find
    from simulator.session import Session

    session = Session(find("bridge_suicidal"), seed=5, clock=_CreepingClock(), trainee="Loaded Lee")
    rec = Recorder(session, tmp_path)
    for line in LINES:
        if line.startswith("/"):
            session.act(line[1:])
        else:
            session.say(line)
        for _ in range(3):
            session.tick()
    session.quit()
    rec.close()
    events = read_events(rec.folder)
    assert any(e.type == "state_changed" and "drift" in e.data["causes"] for e in events)
    done = replay(rec.folder)
    assert [(e.type, e.turn, e.t, e.data) for e in done.session.events] == [(e.type, e.turn, e.t, e.data) for e in events]

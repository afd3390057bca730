"""Interactive play survives whatever a terminal sends: invalid UTF-8, a 5,000-digit menu number, a NUL, a pasted essay."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from simulator.records.store import read_events

TYPED = (b"hello \xff\xfe there\n"  # not UTF-8 (a terminal in Latin-1): kept, with U+FFFD for the bad bytes
         b"/menu\n" + b"9" * 1500 + b"\n"  # a 1,500-digit menu number (5,000 digits is also too long for a turn, and says so)
         + "²\n".encode() +  # a digit that is not a decimal
         b"put the <knife> down\x00 now\n"  # a NUL, which used to break replay
         + b"x" * 3000 + b"\n"  # longer than a turn may be
         + b"/quit\n")


def test_odd_terminal_input_is_kept_or_explained_and_the_session_replays(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "DEESCALATE_DATA_DIR": str(tmp_path / "data")}
    sessions = tmp_path / "sessions"
    played = subprocess.run([sys.executable, "-m", "simulator.cli", "play", "bridge_suicidal", "--seed", "3", "--sessions-dir", str(sessions)],
                            input=TYPED, capture_output=True, env=env, timeout=240)
    out, err = played.stdout.decode("utf-8", "replace"), played.stderr.decode("utf-8", "replace")
    assert played.returncode == 0 and "Traceback" not in err, err[-3000:]
    assert "no choice 999999999999" in out and "shorter turns" in out
    (folder,) = [p for p in sessions.iterdir() if p.is_dir()]
    said = [e.data["text"] for e in read_events(folder) if e.type == "trainee_said"]
    assert "hello \ufffd\ufffd there" in said
    assert any("<knife>" in s and "\x00" not in s for s in said)
    assert not any(len(s) > 2000 for s in said)
    replayed = subprocess.run([sys.executable, "-m", "simulator.cli", "replay", str(folder), "--json"], capture_output=True, env=env, timeout=240)
    assert replayed.returncode == 0, replayed.stderr.decode()[-3000:]
    assert json.loads(replayed.stdout)["turns"] >= 2

"""Replay: the recorded inputs, seed and times give back exactly the recorded session."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from simulator.catalog import catalog
from simulator.cli import main
from simulator.clock import ManualClock
from simulator.records.recorder import Recorder
from simulator.records.replay import replay
from simulator.records.store import RecordError, read_events
from simulator.scoring import score
from simulator.script import parse_script, play_steps, result
from simulator.session import Session

from .conftest import GOOD

PLAYTHROUGHS = [(e.scenario, pt) for e in catalog() if e.scenario for pt in e.scenario.playthroughs]


def test_there_are_playthroughs_to_replay():
    assert len(PLAYTHROUGHS) >= 6


@pytest.mark.parametrize(("scenario", "pt"), PLAYTHROUGHS, ids=[f"{s.id}:{pt.id}" for s, pt in PLAYTHROUGHS])
def test_replay_of_every_embedded_playthrough_reproduces_it_exactly(tmp_path, scenario, pt):
    """Recorded, then replayed from the folder alone: same scores, ending, variables, turns and events."""
    session = Session(scenario, seed=pt.seed, clock=ManualClock())
    rec = Recorder(session, tmp_path)
    play_steps(session, parse_script("\n".join(pt.script)))
    rec.finish()
    done = replay(rec.folder)
    assert not done.scenario_changed and not done.warnings
    assert result(done.session) == result(session)
    assert score(done.session.events).as_dict() == score(read_events(rec.folder)).as_dict() == rec.meta["scores"]


def test_play_then_list_and_replay_on_the_command_line(tmp_path):
    """`play S --sessions-dir DIR --script F` records; `sessions list --json` and `replay --json` show it."""
    d = tmp_path / "sessions"
    script = tmp_path / "s.txt"
    script.write_text(GOOD, encoding="utf-8")

    def run(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "simulator.cli", *argv], capture_output=True, text=True, timeout=120)

    played = run("play", "bridge_suicidal", "--sessions-dir", str(d), "--script", str(script), "--json", "--trainee", "Ana Ruiz", "--seed", "7")
    assert played.returncode == 0, played.stderr
    live = json.loads(played.stdout)
    listed = run("sessions", "list", "--json", "--sessions-dir", str(d))
    (row,) = json.loads(listed.stdout)
    assert (row["trainee"], row["scenario"], row["scores"], row["finished"]) == ("Ana Ruiz", "bridge_suicidal", live["scores"], True)
    assert row["outcome"] == (live["ending"] or {}).get("outcome")
    replayed = run("replay", row["id"], "--json", "--sessions-dir", str(d))
    assert replayed.returncode == 0, replayed.stderr
    assert json.loads(replayed.stdout) == live
    by_path = run("replay", row["folder"], "--json")
    assert json.loads(by_path.stdout) == live


def test_a_changed_scenario_is_detected_warned_and_refused_with_strict(tmp_path, capsys):
    """The content hash in session.json no longer matches: replay says so, and --strict refuses."""
    d = tmp_path / "sessions"
    script = tmp_path / "s.txt"
    script.write_text(GOOD, encoding="utf-8")
    assert main(["play", "bridge_suicidal", "--sessions-dir", str(d), "--script", str(script)]) == 0
    (folder,) = [p for p in d.iterdir() if p.is_dir()]
    meta = json.loads((folder / "session.json").read_text())
    meta["content_hash"] = "0" * 64
    (folder / "session.json").write_text(json.dumps(meta))
    capsys.readouterr()
    assert main(["replay", folder.name, "--json", "--sessions-dir", str(d)]) == 0
    err = capsys.readouterr().err
    assert "has changed since this session was recorded" in err
    assert main(["replay", folder.name, "--strict", "--sessions-dir", str(d)]) == 2
    assert "refusing to replay (--strict)" in capsys.readouterr().err
    with pytest.raises(RecordError):
        replay(folder, strict=True)


def test_an_unknown_session_is_a_clear_error(tmp_path, capsys):
    assert main(["replay", "20990101-000000-ffffff", "--sessions-dir", str(tmp_path)]) == 2
    assert "no session '20990101-000000-ffffff'" in capsys.readouterr().err


def test_a_quit_session_replays_to_the_same_close(tmp_path):
    """A session the trainee left early replays to the same close, with the same reason."""
    from simulator.catalog import find

    session = Session(find("veteran_ptsd"), seed=2, clock=ManualClock())
    rec = Recorder(session, tmp_path)
    play_steps(session, parse_script("hello\n/step_back\n/wait 50\n"))
    session.quit("the trainee ended the session")
    done = replay(rec.folder)
    assert [e.to_dict() for e in done.session.events] == [e.to_dict() for e in session.events]


def test_the_event_clock_reads_exact_times_and_never_goes_backwards():
    """Exact times where they round to the logged ms; the logged ms where not; never backwards."""
    from simulator.records.replay import EventClock

    clock = EventClock([{"t": 0.0, "at": 0.00001}, {"t": 2.0, "at": 2.0004}, {"t": 1.5, "at": 1.5009}, {"t": 1.0}])
    assert clock.times == [0.0, 2.0004, 1.500499, 1.0]
    assert clock.now() == 0.0


def test_typed_text_with_a_nul_and_angle_brackets_replays_exactly(tmp_path):
    """Format 1 packed text and source into one string with a NUL between them; format 2 logs the input itself,
    so whatever a trainee's keyboard or a paste brings (a NUL, a tab, '<3') replays as typed."""
    from simulator.catalog import find
    from simulator.inputs import Say

    session = Session(find("bridge_suicidal"), seed=4, clock=ManualClock())
    rec = Recorder(session, tmp_path)
    session.start()
    for text in ("hi\x00 there", "put the <knife> down\t<3", "okay\x00speech"):
        session.clock.advance(5)
        session.handle(Say(text))
    rec.finish()
    done = replay(rec.folder)
    assert not done.warnings
    said = [e.data["text"] for e in done.session.events if e.type == "trainee_said"]
    assert said == ["hi\x00 there", "put the <knife> down\t<3", "okay\x00speech"]
    assert result(done.session) == result(session)

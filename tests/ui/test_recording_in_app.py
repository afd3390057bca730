"""The app records every session as it happens, spoken turns with their audio, and replay agrees with it."""

from __future__ import annotations

from simulator.records.recorder import default_sessions_dir
from simulator.records.replay import replay
from simulator.records.store import read_events
from simulator.scoring import score
from ui.session_runner import SessionRunner


def test_a_typed_session_is_on_disk_event_for_event(qtbot):
    """Every event the app's session emits is in the session folder, and replay gives the same scores."""
    from simulator.catalog import find
    from simulator.clock import ManualClock

    clock = ManualClock()
    runner = SessionRunner(find("dementia_lost"), seed=3, clock=clock)
    runner.start()
    for line in ("hi sir my name is officer park i'm here to help you", "you seem really worried", "there's no rush take your time"):
        clock.advance(5)
        runner.say(line)
    runner.end()
    runner.close()  # the worker finishes the turns and the recording, and ends
    folder = runner.recorder.folder
    assert folder.parent == default_sessions_dir()
    on_disk = read_events(folder)
    assert [e.to_dict() for e in on_disk] == [e.to_dict() for e in runner.events]
    replayed = replay(folder)
    assert score(replayed.session.events).as_dict() == score(runner.events).as_dict()
    assert replayed.session.ending == runner.session.ending


def test_a_spoken_turn_keeps_its_audio(qtbot):
    """The trainee's recognised utterance is saved as audio/turn-NNN.wav beside the log."""
    from simulator.catalog import find

    runner = SessionRunner(find("bridge_suicidal"), seed=1)
    runner.start()
    runner.say_spoken("you sound exhausted", b"\x01\x00" * 16000, 16000)
    runner.wait_idle()
    audio = runner.recorder.folder / "audio" / f"turn-{runner.session.turn:03d}.wav"
    runner.end()
    runner.close()
    assert audio.is_file() and audio.stat().st_size > 32000


def test_an_unwritable_sessions_folder_does_not_stop_training(qtbot, tmp_path):
    """If recording is impossible the session still runs, and the reason is kept for a banner."""
    from simulator.catalog import find

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    runner = SessionRunner(find("bridge_suicidal"), seed=1, sessions_dir=blocked)
    runner.start()
    runner.say("hi my name is officer lee")
    runner.close()
    assert runner.recorder is None and "not being recorded" in runner.record_problem
    assert runner.session.turn == 1

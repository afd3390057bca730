"""The history list, a trainee's progress and the replay viewer, over sessions the app recorded."""

from __future__ import annotations

import hashlib

from simulator.catalog import find
from simulator.clock import ManualClock
from simulator.records.recorder import default_sessions_dir
from ui.session_runner import SessionRunner


def _record(lines: list[str], trainee: str = "Ana Ruiz", spoken: bool = False) -> SessionRunner:
    clock = ManualClock()
    runner = SessionRunner(find("bridge_suicidal"), seed=2, clock=clock, trainee=trainee)
    runner.start()
    for line in lines:
        clock.advance(6)
        if spoken:
            runner.say_spoken(line, b"\x02\x00" * 8000, 16000)
        else:
            runner.say(line)
    runner.end()
    runner.close()  # the worker finishes the turns and the recording, and ends
    return runner


def test_history_lists_sessions_and_shows_a_trainees_progress(qtbot):
    """Every recorded session is a row; selecting one charts that trainee's overall scores in order."""
    from ui.replay_view import SessionsView

    first = _record(["calm down", "hurry up"])
    second = _record(["hi my name is officer lee", "you sound exhausted", "that makes sense"])
    _record(["what's going on"], trainee="Someone Else")
    from simulator.scoring import score

    expected = sorted(score(r.events).overall for r in (first, second))
    view = SessionsView(default_sessions_dir())
    qtbot.addWidget(view)
    assert view.table.rowCount() == 3
    ana = next(i for i, r in enumerate(view.rows) if r.trainee == "Ana Ruiz")
    view.table.selectRow(ana)
    assert sorted(view.progress.points) == expected  # only Ana's sessions, with their recorded overall scores


def test_replay_viewer_shows_a_turn_plays_its_audio_and_pins_notes_without_touching_the_log(qtbot):
    """Click a turn: what was said, how it was read and the reply; audio is there; a note never changes events.jsonl."""
    from ui.replay_view import ReplayView

    runner = _record(["hi my name is officer lee", "you sound exhausted"], spoken=True)
    folder = runner.recorder.folder
    before = hashlib.sha256((folder / "events.jsonl").read_bytes()).hexdigest()
    view = ReplayView(folder)
    qtbot.addWidget(view)
    assert view.turn_list.count() == 2
    view.turn_list.setCurrentRow(1)
    assert "you sound exhausted" in view.detail.text() and "emotion label" in view.detail.text()
    assert view.play_audio.isEnabled()
    view.note_edit.setText("Good label — try a pause after it")
    view.pin_note()
    assert "Turn 2: Good label" in view.notes.text()
    assert hashlib.sha256((folder / "events.jsonl").read_bytes()).hexdigest() == before


def test_the_window_opens_history_and_replay(window, qtbot):
    """Sessions on record is one click from the main window, and a row opens the replay viewer."""
    _record(["hi my name is officer lee"])
    sessions = window.show_sessions()
    sessions.table.selectRow(0)
    sessions.open_selected()
    assert window.stack.currentWidget() is window.replay_view


def test_the_sessions_folder_and_trainee_come_from_the_settings(window, qtbot, tmp_path):
    """A lab can point every station at a shared folder; each session carries the trainee's name."""
    from simulator.catalog import find

    lab = tmp_path / "lab-share"
    window.settings.update({"sessions_dir": str(lab), "trainee": "Ana Ruiz"})
    window.start_session(find("dementia_lost"), 1)
    window.runner.say("hi sir my name is officer park")
    window.runner.end()
    window.runner.wait_idle()
    assert window.runner.recorder.folder.parent == lab
    view = window.show_sessions()
    assert view.sessions_dir == lab and view.rows[0].trainee == "Ana Ruiz"


def test_the_persons_reply_is_voiced_again(virtual_microphone, qtbot):
    """With a sound server, the viewer speaks the person's reply to the selected turn in their voice."""
    from ui.replay_view import ReplayView

    runner = _record(["hi my name is officer lee"])
    view = ReplayView(runner.recorder.folder)
    qtbot.addWidget(view)
    view.turn_list.setCurrentRow(0)
    assert view.play_reply.isEnabled()
    assert view.hear_reply(), view.sound_problem.text()  # the first call also starts the voice
    done = []
    view._voice.done.connect(done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    started = []
    view._voice.started.connect(started.append)
    assert view.hear_reply()
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    assert started == ["replay.1"]

"""The session's turns and its recording run on the runner's worker thread, never on the GUI thread (issue 14).

What the views may rely on: inputs are processed once each, in the order they
arrived, even while an earlier turn is still running; each is timed when the
trainee made it; an event reaches the screen only once it is fsync'ed; a failing
step is a sentence, not a traceback; closing the window waits until everything
is on disk; and a class period of sessions does not keep old runners alive.
"""

from __future__ import annotations

import gc
import json
import os
import threading
import weakref

from PySide6.QtCore import QCoreApplication, QEvent, Qt

from simulator.catalog import find
from simulator.clock import ManualClock
from simulator.events import EventType
from simulator.records.store import read_events
from simulator.session import Session
from tests.ui.conftest import scenario
from ui.session_runner import SessionRunner


def _gate_first_say(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """Session.handle, wrapped: the first Say blocks (on the worker) until ``release`` is set; ``entered`` says it began."""
    from simulator.inputs import Say

    entered, release = threading.Event(), threading.Event()
    real = Session.handle

    def handle(self, value):
        if isinstance(value, Say) and not entered.is_set():
            entered.set()
            assert release.wait(30)
        return real(self, value)

    monkeypatch.setattr(Session, "handle", handle)
    return entered, release


def test_the_gui_thread_never_runs_a_turn_or_an_fsync(qtbot, window, app_settings, tmp_path, monkeypatch):
    """A whole session through the real widgets: every Session.handle and every os.fsync happens off the GUI thread."""
    gui = threading.current_thread()
    turns_on: list[threading.Thread] = []
    fsyncs_on: list[threading.Thread] = []
    real_handle, real_fsync = Session.handle, os.fsync

    def handle(self, value):
        turns_on.append(threading.current_thread())
        return real_handle(self, value)

    def fsync(fd):
        fsyncs_on.append(threading.current_thread())
        return real_fsync(fd)

    monkeypatch.setattr(Session, "handle", handle)
    monkeypatch.setattr(os, "fsync", fsync)
    app_settings.update({"sessions_dir": str(tmp_path / "sessions")})
    window.start_session(scenario("bridge_suicidal"), 7)
    view = window.session_view
    for line in ("Hi, I'm Officer Lee. I'm here to help.", "It sounds like tonight has been a lot."):
        qtbot.keyClicks(view.text, line)
        qtbot.keyClick(view.text, Qt.Key.Key_Return)
    qtbot.mouseClick(next(iter(view.action_buttons.values())), Qt.MouseButton.LeftButton)
    window.runner.tick()
    window.runner.end()
    window.runner.wait_idle()
    assert window.runner.closed and len(window.runner.events) > 5
    assert turns_on and fsyncs_on, "the wrappers saw the turns and the recorder's writes"
    assert gui not in turns_on, "a turn ran on the GUI thread"
    assert gui not in fsyncs_on, "an fsync ran on the GUI thread"


def test_rapid_inputs_queue_behind_a_turn_in_flight_and_are_processed_once_each_in_order(qtbot, tmp_path, monkeypatch):
    entered, release = _gate_first_say(monkeypatch)
    runner = SessionRunner(find("dementia_lost"), seed=3, clock=ManualClock(), sessions_dir=tmp_path)
    runner.start()
    sent = [f"line {i}: I'm here, take your time" for i in range(12)]
    runner.say(sent[0])
    assert entered.wait(30), "the first turn started on the worker"
    for text in sent[1:6]:
        runner.say(text)  # while the first turn is still in flight: each returns at once, none is lost
    runner.act("step_back")
    for text in sent[6:]:
        runner.say(text)
    runner.end()  # ending is queued behind them: what the trainee did before ending counts
    assert not any(e.type == EventType.TRAINEE_SAID for e in runner.events), "nothing of the blocked turn reached the GUI yet"
    release.set()
    runner.close()
    inputs = [e.data for e in runner.events if e.type == EventType.INPUT and e.data["kind"] != "tick"]
    assert [d.get("text", d.get("action")) for d in inputs][:-1] == [*sent[:6], "step_back", *sent[6:]]
    assert inputs[-1]["kind"] == "quit"
    said = [e.data["text"] for e in runner.events if e.type == EventType.TRAINEE_SAID]
    assert said == sent, "each once, in arrival order"
    assert [e.to_dict() for e in read_events(runner.recorder.folder)] == [e.to_dict() for e in runner.events]


def test_an_input_is_timed_when_the_trainee_made_it_not_when_the_worker_got_to_it(qtbot, tmp_path, monkeypatch):
    entered, release = _gate_first_say(monkeypatch)
    clock = ManualClock()
    runner = SessionRunner(find("dementia_lost"), seed=3, clock=clock, sessions_dir=tmp_path)
    runner.start()
    clock.advance(5)
    runner.say("hi sir, my name is officer park")
    assert entered.wait(30)
    clock.advance(10)
    runner.say("you seem really worried")  # made at 15 s, processed only after the first turn is released
    clock.advance(100)
    release.set()
    runner.close()
    said = [e.t for e in runner.events if e.type == EventType.TRAINEE_SAID]
    assert said == [5.0, 15.0]


def test_an_event_reaches_the_gui_only_once_its_line_is_fsynced(qtbot, tmp_path):
    runner = SessionRunner(find("bridge_suicidal"), seed=1, clock=ManualClock(), sessions_dir=tmp_path)
    late: list[int] = []

    def shown(event) -> None:
        lines = (runner.recorder.folder / "events.jsonl").read_bytes().splitlines()
        if len(lines) <= event.seq or json.loads(lines[event.seq])["seq"] != event.seq:
            late.append(event.seq)

    runner.session_event.connect(shown)
    runner.start()
    runner.say("hi my name is officer lee")
    runner.act("step_back")
    runner.end()
    runner.close()
    assert len(runner.events) > 5 and late == []


def test_ticks_do_not_pile_up_behind_a_slow_turn(qtbot, tmp_path):
    clock = ManualClock()
    runner = SessionRunner(find("bridge_suicidal"), seed=1, clock=clock, sessions_dir=tmp_path)
    runner.start()
    runner.wait_idle()
    gate = threading.Event()
    runner.call(lambda _session: gate.wait(30))  # the worker is busy
    for _ in range(10):
        clock.advance(1)
        runner.tick()
    gate.set()
    runner.wait_idle()
    ticks = [e for e in runner.events if e.type == EventType.INPUT and e.data["kind"] == "tick"]
    assert len(ticks) == 1, "one tick queued at a time"
    runner.close()


def test_a_failing_step_is_a_message_and_the_session_goes_on(qtbot, tmp_path, monkeypatch):
    def broken(self, action):
        raise ValueError("the action table is damaged")

    monkeypatch.setattr(Session, "_do_act", broken)
    runner = SessionRunner(find("bridge_suicidal"), seed=1, clock=ManualClock(), sessions_dir=tmp_path)
    problems: list[str] = []
    runner.problem.connect(problems.append)
    runner.start()
    runner.act("step_back")
    runner.say("hi my name is officer lee")
    runner.close()
    assert len(problems) == 1 and "was not applied" in problems[0] and "the action table is damaged" in problems[0]
    assert "Traceback" not in problems[0]
    assert [e.data["text"] for e in runner.events if e.type == EventType.TRAINEE_SAID] == ["hi my name is officer lee"]


def test_the_banner_says_when_a_session_cannot_be_recorded(qtbot, window, app_settings, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    app_settings.update({"sessions_dir": str(blocked)})
    window.start_session(scenario("bridge_suicidal"), 1)
    window.runner.wait_idle()
    assert "not being recorded" in window.session_view.banner.text() and window.runner.recorder is None


def test_closing_the_window_waits_until_the_session_is_on_disk(qtbot, window, app_settings, tmp_path):
    app_settings.update({"sessions_dir": str(tmp_path / "sessions")})
    window.start_session(scenario("dementia_lost"), 2)
    view = window.session_view
    for line in ("hi sir my name is officer park", "you seem really worried", "there's no rush"):
        view.text.setText(line)
        view.send.click()
    runner = window.runner
    window.close()  # no wait_idle: closing itself must wait for the worker
    assert not runner.alive and runner.recorder is not None and runner.recorder.closed
    on_disk = read_events(runner.recorder.folder)
    assert [e.data.get("text") for e in on_disk if e.type == EventType.TRAINEE_SAID] == [
        "hi sir my name is officer park", "you seem really worried", "there's no rush"]
    assert on_disk[-1].type == EventType.SESSION_CLOSED and on_disk[-1].data["reason"] == "the trainee closed the window"
    meta = json.loads((runner.recorder.folder / "session.json").read_text())
    assert meta["finished"] is True


def test_a_class_period_of_sessions_frees_every_earlier_runner(qtbot, window, app_settings, tmp_path):
    """An old runner (with its session and every event) is freed once its worker has finished: none is kept alive."""
    app_settings.update({"sessions_dir": str(tmp_path / "sessions")})
    old: list[weakref.ref[SessionRunner]] = []
    for seed in range(3):
        window.start_session(scenario("dementia_lost"), seed)
        old.append(weakref.ref(window.runner))
        window.session_view.text.setText("hello, I'm officer Lee")
        window.session_view.send.click()
        window.runner.end()
        window.runner.wait_idle()
    window.start_session(scenario("dementia_lost"), 9)
    qtbot.waitUntil(lambda: not window._retiring, timeout=20000)
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        gc.collect()
    assert [ref() is None for ref in old] == [True, True, True]


def test_the_session_is_built_on_the_worker_only_once_it_starts_and_the_model_is_then_out_of_the_collectors_way(tmp_path):
    """The worker starts with the session (not while the window builds the session's view), and once a session is
    built the understanding model's objects are frozen: a full collection no longer walks its hundreds of thousands
    of weights while holding the interpreter lock (130-600 ms of every thread, the GUI's included)."""
    from simulator.understanding.model import MODEL_PATH, _load

    runner = SessionRunner(scenario("dementia_lost"), 1, clock=ManualClock(), sessions_dir=tmp_path)
    try:
        assert not runner.alive, "the worker waits for start(): the view is built without it taking the interpreter"
        runner.start()
        assert runner.wait_idle() and runner.started
        weights = next(iter(_load(MODEL_PATH)["weights"].values()))  # the cached copy every ModelReader reads
        assert gc.get_freeze_count() > 0
        assert not any(o is weights for o in gc.get_objects()), "the model's weights are still walked by every full collection"
    finally:
        runner.close()

"""The app joins the instructor's hub from Settings: a real hub on loopback, a real console connection, the real window.

The hub runs in-process on its own thread and event loop (as tests/instruct does);
the console is a WebSocket client logged in with the hub's console token, so the
hint and the pause travel the whole way: console -> hub -> station thread ->
the window's 1-s poll on the GUI thread -> the session view.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator import events as ev
from simulator.instruct.hub import Hub, HubThread
from simulator.records.store import read_events
from simulator.scenario.loader import load_scenario_or_raise
from tests.instruct.test_stations import console as _console  # one console client for the hub tests and these

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "minimal.yaml"


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    thread = HubThread(port=0, state_dir=tmp_path / "hub-state", instructor="Sgt. Reyes", sessions_dir=tmp_path / "collected")
    hub = thread.start()
    yield hub
    thread.stop()


def control(hub: Hub, kind: str, **extra: Any) -> None:
    (station_id,) = list(hub.stations)
    replies = asyncio.run(_console(hub, {"t": "control", "station": station_id, "kind": kind, **extra}))
    assert replies[-1]["t"] == "sent", replies


def join_in_settings(qtbot, window, join: str) -> None:
    dialog = window.open_settings()
    dialog.trainee.setText("Ana Ruiz")
    dialog.join.setText(join)
    dialog.accept()
    assert not dialog.isVisible() and window.settings.get("join") == join


def test_the_app_joins_from_settings_takes_a_hint_and_a_pause_and_the_hub_sees_it_all(qtbot, window, hub: Hub, tmp_path: Path) -> None:
    window.settings.update({"sessions_dir": str(tmp_path / "sessions")})
    join_in_settings(qtbot, window, hub.join)
    window.start_session(load_scenario_or_raise(MINIMAL), seed=3)
    station, view, runner = window.station, window.session_view, window.runner
    runner.wait_idle()  # the station is attached on the session's worker thread
    assert station is not None and station.session is runner.session

    # The hub sees the station, with the trainee's name and scenario; the app shows the hub's fingerprint.
    qtbot.waitUntil(lambda: len(hub.stations) == 1 and next(iter(hub.stations.values())).summary()["trainee"] == "Ana Ruiz", timeout=15000)
    qtbot.waitUntil(lambda: hub.fingerprint in window.class_status.text(), timeout=5000)
    assert "joined the class" in window.class_status.text()
    dialog = window.open_settings()
    assert hub.fingerprint in dialog.join_status.text() and dialog.join_status.isVisibleTo(dialog)
    dialog.reject()

    view.text.setText("Hi, I'm officer Lee. What's going on today?")
    view._send()
    runner.wait_idle()
    assert runner.session.turn == 1
    qtbot.waitUntil(lambda: next(iter(hub.stations.values())).turn == 1, timeout=10000)

    # A private hint from the console appears in the session view.
    control(hub, "hint", text="Name the feeling you hear.")
    qtbot.waitUntil(lambda: "Name the feeling you hear." in view.banner.text(), timeout=10000)
    assert view.banner.isVisibleTo(view) and "only you see this" in view.banner.text()

    # A pause disables input; what is typed is not taken; a resume gives it back.
    control(hub, "pause")
    qtbot.waitUntil(lambda: not view.text.isEnabled(), timeout=10000)
    assert not view.send.isEnabled() and runner.paused and "paused the scene" in window.class_status.text()
    runner.say("You sound really scared.")
    assert runner.session.turn == 1
    control(hub, "resume")
    qtbot.waitUntil(lambda: view.text.isEnabled(), timeout=10000)
    assert not runner.paused
    runner.say("You sound really scared.")
    runner.wait_idle()
    assert runner.session.turn == 2

    # The log records the instructor's events; the hub has every event of the session.
    assert station.flush(10)
    kinds = [e.data["kind"] for e in read_events(runner.recorder.folder) if e.type == ev.INSTRUCTOR]
    assert kinds == ["hint", "pause", "resume"]
    assert next(iter(hub.stations.values())).last_seq == len(runner.session.events) - 1

    # Quitting leaves the class: the link's thread ends.
    thread = station._thread
    window.close()
    assert window.station is None and thread is not None and not thread.is_alive()


def test_a_second_session_goes_to_the_same_class_on_the_same_link(qtbot, window, hub: Hub, tmp_path: Path) -> None:
    window.settings.update({"sessions_dir": str(tmp_path / "sessions")})
    join_in_settings(qtbot, window, hub.join)
    scenario = load_scenario_or_raise(MINIMAL)
    window.start_session(scenario, seed=1)
    first = window.station
    qtbot.waitUntil(lambda: first.connected.is_set() and len(hub.stations) == 1 and bool(next(iter(hub.stations.values())).session), timeout=15000)
    (hub_view,) = hub.stations.values()
    first_uid, first_id = hub_view.session, window.runner.recorder.id
    window.runner.end("the trainee ended the session")
    window.start_session(scenario, seed=2)
    window.runner.wait_idle()
    assert window.station is first and first.session is window.runner.session
    # One station on the hub's grid, now showing the new session; the finished one is kept whole for a rejoin.
    qtbot.waitUntil(lambda: hub_view.session != first_uid and first_uid in hub_view.past, timeout=10000)
    assert len(hub.stations) == 1
    control(hub, "end")  # the instructor's End reaches the new session, not the old one
    qtbot.waitUntil(lambda: window.runner.session.finished, timeout=10000)
    assert window.runner.session.closed
    # End of class: the app, still polling after its sessions ended, hands both in to the instructor's folder.
    replies = asyncio.run(_console(hub, {"t": "collect"}))
    assert replies[-1] == {"t": "collecting", "stations": 1}
    qtbot.waitUntil(lambda: sorted(hub.collected) == sorted([first_id, window.runner.recorder.id]), timeout=20000)
    assert (tmp_path / "collected" / first_id).is_dir()
    window.close()


@pytest.mark.parametrize("bad, says", [("10.0.0.5:8765", "CODE@HOST"), ("HELLO@10.0.0.5", "not a join code"),
                                       ("ABCD-EFGH-JKLM@10.0.0.5:99999", "not a port number")])
def test_a_bad_join_string_is_refused_with_a_clear_message(qtbot, app_settings, bad: str, says: str) -> None:
    from ui.settings import SettingsDialog

    dialog = SettingsDialog(app_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.join.setText(bad)
    dialog.accept()
    assert dialog.isVisible(), "the dialog stays open on a wrong join string"
    assert dialog.join_problem.isVisible() and says in dialog.join_problem.text() and "Cannot join that class" in dialog.join_problem.text()
    assert app_settings.get("join") == ""
    dialog.join.setText("")  # training alone is always allowed
    assert not dialog.join_problem.isVisible()
    dialog.accept()
    assert not dialog.isVisible()


def test_without_a_class_no_station_is_made(qtbot, window) -> None:
    window.start_session(load_scenario_or_raise(MINIMAL), seed=0)
    assert window.station is None and not window.class_status.isVisible() and window.class_status_text() == ""


def test_a_wrong_code_is_shown_as_refused_and_training_goes_on(qtbot, window, hub: Hub, tmp_path: Path) -> None:
    window.settings.update({"sessions_dir": str(tmp_path / "sessions")})
    code, _, address = hub.join.partition("@")
    wrong = "2345-6789-ABCD" if code.replace("-", "") != "23456789ABCD" else "ABCD-EFGH-JKMN"
    join_in_settings(qtbot, window, f"{wrong}@{address}")
    window.start_session(load_scenario_or_raise(MINIMAL), seed=4)
    qtbot.waitUntil(lambda: "refused" in window.class_status.text(), timeout=15000)
    assert "check the join code" in window.class_status.text()
    assert not hub.stations or all(not v.connected for v in hub.stations.values())
    window.session_view.text.setText("Hi, I'm officer Lee. What's going on today?")
    window.session_view._send()
    window.runner.wait_idle()
    assert window.runner.session.turn == 1 and window.session_view.text.isEnabled()
    assert any(e.type == ev.TRAINEE_SAID for e in read_events(window.runner.recorder.folder))
    window.close()


def test_no_hub_there_means_connecting_and_training_goes_on(qtbot, window, tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    window.settings.update({"sessions_dir": str(tmp_path / "sessions")})
    join_in_settings(qtbot, window, f"ABCD-EFGH-JKMN@127.0.0.1:{port}")
    window.start_session(load_scenario_or_raise(MINIMAL), seed=5)
    qtbot.wait(1500)
    assert "connecting to 127.0.0.1" in window.class_status.text() and not window.station.connected.is_set()
    window.session_view.text.setText("Hi, I'm officer Lee. What's going on today?")
    window.session_view._send()
    window.runner.wait_idle()
    assert window.runner.session.turn == 1 and window.station.pending > 0
    window.close()
    assert window.station is None

"""One hub and 30 real scripted stations on loopback; controls from a console socket; a killed hub, a killed station."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import aiohttp

from simulator import events as ev
from simulator.instruct.hub import Hub, HubThread
from simulator.instruct.tlscert import client_context
from simulator.records.store import read_events
from simulator.scenario.model import Scenario

from .conftest import MINIMAL, Trainee, wait_for

ROOT = Path(__file__).resolve().parents[2]


async def console(hub: Hub, *messages: dict[str, Any]) -> list[dict[str, Any]]:
    """A console connection: log in, send ``messages``, collect the replies up to each one's answer (sent, or an error)."""
    got: list[dict[str, Any]] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(f"wss://127.0.0.1:{hub.port}/console", ssl=client_context()) as ws:
        await ws.send_json({"t": "auth", "token": hub.console_token})
        got.append(json.loads(await ws.receive_str(timeout=5)))
        for m in messages:
            await ws.send_json(m)
            while True:
                reply = json.loads(await ws.receive_str(timeout=5))
                got.append(reply)
                if reply["t"] in ("sent", "error", "collecting"):
                    break
    return got


def test_thirty_stations_every_event_reaches_the_hub_and_a_cue_comes_back(hub: Hub, scenario: Scenario, ram_dir: Path) -> None:
    trainees = [Trainee(scenario, hub.join, ram_dir, f"Trainee {i:02d}", seed=i) for i in range(30)]
    try:
        wait_for(lambda: all(t.station.connected.is_set() for t in trainees), 30, "30 stations joined")
        for _ in range(4):
            for t in trainees:
                t.turn()
        assert all(t.station.flush(10) for t in trainees)
        assert len(hub.stations) == 30
        for t in trainees:
            view = hub.stations[t.station.id]
            assert view.last_seq == len(t.session.events) - 1 and view.lost == 0
            assert view.summary()["trainee"] == t.session.trainee and view.turn == t.session.turn
            assert view.variables["agitation"] == round(t.session.variables["agitation"], 2)
        assert hub.received == sum(len(t.session.events) for t in trainees)

        target = trainees[7]
        replies = asyncio.run(console(hub, {"t": "control", "station": target.station.id, "kind": "cue", "cue": "crisis_team_arrives"}))
        assert replies[0]["t"] == "snapshot" and len(replies[0]["stations"]) == 30
        assert replies[-1]["t"] == "sent"
        wait_for(lambda: not target.station._controls.empty(), what="the control to reach the station")
        target.turn()  # the station applies it before its next line
        assert target.station.applied[-1]["cue"] == "crisis_team_arrives"
        assert target.station.flush(5)
        kinds = [e["type"] for e in hub.stations[target.station.id].events]
        assert "instructor" in kinds
        target.recorder.finish()
        logged = read_events(target.recorder.folder)
        cue = next(e for e in logged if e.type == ev.INSTRUCTOR)
        assert cue.data["cue"] == "crisis_team_arrives" and cue.data["by"] == "Sgt. Reyes"
        assert any(e.type == ev.PERSON_SAID and e.data["line"].startswith("instructor.cue.crisis_team_arrives.") for e in logged)
        # and the others were not touched
        assert not any(e.type == ev.INSTRUCTOR for t in trainees if t is not target for e in t.session.events)
    finally:
        for t in trainees:
            t.close()


def test_console_refuses_controls_it_cannot_deliver_or_that_are_malformed(hub: Hub, scenario: Scenario, tmp_path: Path) -> None:
    t = Trainee(scenario, hub.join, tmp_path, "Ana")
    try:
        assert t.station.connected.wait(10) and t.station.flush(5)
        replies = asyncio.run(console(hub, {"t": "control", "station": "nobody", "kind": "pause"},
                                      {"t": "control", "station": t.station.id, "kind": "launch"},
                                      {"t": "control", "station": t.station.id, "kind": "hint", "text": "x" * 3000},
                                      {"t": "control", "station": t.station.id, "kind": "cue", "cue": "helicopter"}))
        errors = [r["why"] for r in replies if r["t"] == "error"]
        assert errors[:3] == ["no such station", "unknown control 'launch'", "a hint needs text of at most 2000 characters"]
        # the unknown cue is the station's to refuse (it knows its scenario's cues): nothing is written
        wait_for(lambda: not t.station._controls.empty(), what="the cue to arrive")
        t.station.poll()
        assert not any(e.type == ev.INSTRUCTOR for e in t.session.events)
    finally:
        t.close()


def test_a_killed_hub_leaves_stations_training_and_recording_and_they_rejoin(hub_thread: HubThread, scenario: Scenario, tmp_path: Path,
                                                                             cert_dir: Path) -> None:
    hub = hub_thread.hub
    assert hub is not None
    trainees = [Trainee(scenario, hub.join, tmp_path, f"T{i}", seed=i) for i in range(5)]
    try:
        wait_for(lambda: all(t.station.connected.is_set() for t in trainees), 15, "joined")
        for t in trainees:
            t.turn()
        assert all(t.station.flush(5) for t in trainees)
        hub_thread.stop()
        wait_for(lambda: not any(t.station.connected.is_set() for t in trainees), 10, "the stations to notice")
        for _ in range(3):
            for t in trainees:
                t.turn()  # training goes on
        for t in trainees:
            assert t.session.turn == 4 and t.station.pending > 0
            assert len(read_events(t.recorder.folder)) == len(t.session.events)  # and recording
        second = HubThread(port=hub.port, state_dir=cert_dir, code=hub.code, instructor="Sgt. Reyes")
        hub2 = second.start()
        try:
            wait_for(lambda: all(t.station.joins == 2 for t in trainees), 15, "every station to rejoin")
            assert all(t.station.flush(10) for t in trainees)
            for t in trainees:
                view = hub2.stations[t.station.id]
                assert view.last_seq == len(t.session.events) - 1 and view.lost == 0 and view.turn == 4
        finally:
            second.stop()
    finally:
        for t in trainees:
            t.close()


STATION_PROCESS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from simulator.clock import ManualClock
    from simulator.instruct.station import Station
    from simulator.records.recorder import Recorder
    from simulator.scenario.loader import load_scenario_or_raise
    from simulator.session import Session
    session = Session(load_scenario_or_raise(sys.argv[1]), seed=1, clock=ManualClock(), trainee="Killed")
    recorder = Recorder(session, Path(sys.argv[3]))
    station = Station(sys.argv[2], name="Killed")
    station.attach(session, recorder.folder)
    station.start()
    session.start()
    print(station.id, recorder.folder, flush=True)
    while True:
        station.poll()
        session.clock.advance(1.0)
        session.say("You sound really scared." if session.turn % 2 else "There's no rush.")
        time.sleep(0.1)
""")


def test_a_killed_station_shows_offline_and_its_log_survives(hub: Hub, tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", STATION_PROCESS, str(MINIMAL), hub.join, str(tmp_path)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert proc.stdout is not None
        station_id, folder = proc.stdout.readline().split()
        wait_for(lambda: station_id in hub.stations and hub.stations[station_id].turn >= 3, 20, "a few turns on the console")
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        wait_for(lambda: not hub.stations[station_id].connected, 10, "the hub to see the station gone")
        summary = hub.stations[station_id].summary()
        assert summary["connected"] is False and summary["turn"] >= 3
        logged = read_events(Path(folder))  # a torn last line is skipped, the rest is whole
        assert len(logged) >= hub.stations[station_id].last_seq
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_note_is_pinned_to_the_current_turn_in_the_log_and_beside_it(hub: Hub, scenario: Scenario, tmp_path: Path) -> None:
    from simulator.records.store import read_notes

    t = Trainee(scenario, hub.join, tmp_path, "Ana")
    try:
        assert t.station.connected.wait(10)
        t.turn()
        t.turn()
        assert t.station.flush(5)
        replies = asyncio.run(console(hub, {"t": "control", "station": t.station.id, "kind": "note", "text": "Good emotion label here."}))
        assert replies[-1]["t"] == "sent"
        wait_for(lambda: not t.station._controls.empty(), what="the note")
        t.station.poll()
        note = next(e for e in t.session.events if e.type == ev.INSTRUCTOR)
        assert note.turn == 2 and note.data["text"] == "Good emotion label here."
        assert read_notes(t.recorder.folder) == [{"turn": 2, "text": "Good emotion label here.", "author": "Sgt. Reyes"}]
    finally:
        t.close()


def test_a_second_session_and_a_dropped_link_keep_the_console_on_the_current_one(hub_thread: HubThread, scenario: Scenario, tmp_path: Path) -> None:
    from simulator.clock import ManualClock
    from simulator.session import Session

    hub = hub_thread.hub
    assert hub is not None
    t = Trainee(scenario, hub.join, tmp_path, "Ana")
    try:
        assert t.station.connected.wait(10)
        t.turn()
        t.session.quit("next scenario")
        first = len(t.session.events)
        second = Session(scenario, seed=9, clock=ManualClock(), trainee="Ana")
        t.station.attach(second)
        second.start()
        second.say("Hi, I'm officer Lee.")
        assert t.station.flush(5)
        view = hub.stations[t.station.id]
        assert view.session == t.station._current.uid and list(view.past.values()) == [first - 1]  # type: ignore[union-attr]
        received = hub.received
        hub_thread.call(lambda: view.link.ws.close())  # the link drops (a Wi-Fi blip)
        wait_for(lambda: t.station.joins == 2, 10, "the rejoin")
        before = len(second.events)
        second.say("You sound really scared.")
        assert t.station.flush(5)
        view = hub.stations[t.station.id]
        assert view.session == t.station._current.uid and view.last_seq == len(second.events) - 1 and view.lost == 0  # type: ignore[union-attr]
        assert hub.received - received == len(second.events) - before  # nothing the hub had was sent again
        assert len(t.station._outboxes) == 1  # the finished first session, wholly acknowledged, is dropped
    finally:
        t.close()


def test_end_of_class_collects_finished_sessions_into_the_instructors_folder(cert_dir: Path, scenario: Scenario, tmp_path: Path) -> None:
    from simulator.records.store import read_meta

    instructor = tmp_path / "instructor-sessions"
    ht = HubThread(port=0, state_dir=cert_dir, instructor="Sgt. Reyes", sessions_dir=instructor)
    hub = ht.start()
    trainees = [Trainee(scenario, hub.join, tmp_path / f"station{i}", f"T{i}", seed=i) for i in range(3)]
    try:
        wait_for(lambda: all(t.station.connected.is_set() for t in trainees), 15, "joined")
        for t in trainees:
            t.turn()
        for t in trainees[:2]:  # two finished; the third is still training and is not collected
            t.session.quit("done")
            t.recorder.finish()
        replies = asyncio.run(console(hub, {"t": "collect"}))
        assert replies[-1] == {"t": "collecting", "stations": 3}
        wait_for(lambda: all(t.station._collect.is_set() for t in trainees), 10, "the request")
        for t in trainees:
            t.station.poll()
        wait_for(lambda: len(hub.collected) == 2 and all(t.station.handed_in for t in trainees[:2]), 20, "two sessions collected and confirmed")
        assert sorted(hub.collected) == sorted(t.recorder.id for t in trainees[:2])
        for t in trainees[:2]:
            assert read_meta(instructor / t.recorder.id)["trainee"] == t.session.trainee
            assert read_events(instructor / t.recorder.id) == read_events(t.recorder.folder)
            assert t.station.handed_in == [t.recorder.id]
        assert not (instructor / trainees[2].recorder.id).exists()
    finally:
        for t in trainees:
            t.close()
        ht.stop()

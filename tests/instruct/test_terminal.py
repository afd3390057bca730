"""``deescalate play --join``: the terminal player joined to a real hub; hints print, a pause holds the next line, an end ends."""

from __future__ import annotations

import asyncio
import io
import threading
from pathlib import Path

from simulator import events as ev
from simulator.instruct.hub import Hub
from simulator.instruct.station import join_terminal
from simulator.player import TerminalPlayer
from simulator.records.recorder import Recorder
from simulator.records.store import read_events
from simulator.scenario.model import Scenario

from .conftest import wait_for
from .test_stations import console


def test_terminal_player_takes_hints_pauses_and_the_end_from_the_console(hub: Hub, scenario: Scenario, tmp_path: Path) -> None:
    out = io.StringIO()
    state: dict[str, object] = {"player": None}
    resumed = threading.Event()

    def send(kind: str, **extra: object) -> None:
        player = state["player"]
        assert isinstance(player, TerminalPlayer)
        sid = next(iter(hub.stations))
        replies = asyncio.run(console(hub, {"t": "control", "station": sid, "kind": kind, **extra}))
        assert replies[-1]["t"] == "sent", replies

    script = iter(["Hi, I'm officer Lee.", "You sound really scared.", "There's no rush.", "Tell me about the warehouse."])

    def read(prompt: str) -> str:
        line = next(script)
        if line == "You sound really scared.":
            send("hint", text="Name the feeling you hear.")
            wait_for(lambda: not station._controls.empty(), what="the hint")
        elif line == "There's no rush.":
            send("pause")
            wait_for(lambda: not station._controls.empty(), what="the pause")
            threading.Timer(0.5, lambda: (send("resume"), resumed.set())).start()
        elif line == "Tell me about the warehouse.":
            send("end")
            wait_for(lambda: not station._controls.empty(), what="the end")
        return line

    player = TerminalPlayer(scenario, 0, read, out)
    state["player"] = player
    player.session.trainee = "Ana"
    recorder = Recorder(player.session, tmp_path)
    station = join_terminal(hub.join, player, recorder.folder, out)
    try:
        assert "joined the instructor's hub" in out.getvalue() and hub.fingerprint in out.getvalue()
        player.run()
    finally:
        station.flush(5)
        station.stop()
        recorder.finish()
    text = out.getvalue()
    assert "[instructor] Name the feeling you hear." in text
    assert "paused the scene: that line was not taken" in text and resumed.is_set()
    kinds = [e.data["kind"] for e in read_events(recorder.folder) if e.type == ev.INSTRUCTOR]
    assert kinds == ["hint", "pause", "resume", "end"]
    # two turns: the line typed into the pause was not taken, and the one typed as the end arrived neither
    assert player.session.closed and player.session.turn == 2

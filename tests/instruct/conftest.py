"""Real hubs and real stations on loopback: a hub on its own thread, sessions of the minimal scenario, recorded."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from simulator.clock import ManualClock
from simulator.instruct.hub import Hub, HubThread
from simulator.instruct.station import Station
from simulator.records.recorder import Recorder
from simulator.scenario.loader import load_scenario_or_raise
from simulator.scenario.model import Scenario
from simulator.session import Session
from simulator.understanding import default_reader

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "minimal.yaml"
LINES = ["Hi, I'm officer Lee. What's going on today?", "You sound really scared.", "There's no rush, take your time.",
         "Tell me about your job at the warehouse.", "It sounds like it's been a hard week.", "Are you thinking of hurting yourself?"]


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return load_scenario_or_raise(MINIMAL)


@pytest.fixture(scope="session")
def cert_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hub-state")  # one certificate for the whole run, as one hub machine keeps its own


@pytest.fixture
def hub_thread(cert_dir: Path) -> Iterator[HubThread]:
    ht = HubThread(port=0, state_dir=cert_dir, instructor="Sgt. Reyes")
    ht.start()
    yield ht
    ht.stop()


@pytest.fixture
def hub(hub_thread: HubThread) -> Hub:
    assert hub_thread.hub is not None
    return hub_thread.hub


def wait_for(condition: Callable[[], object], timeout: float = 10.0, what: str = "condition") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class Trainee:
    """A scripted station: a real session of the minimal scenario, recorded, joined to the hub."""

    def __init__(self, scenario: Scenario, join: str, sessions_dir: Path, name: str, seed: int = 0) -> None:
        self.session = Session(scenario, seed=seed, clock=ManualClock(), reader=default_reader(), trainee=name)
        self.recorder = Recorder(self.session, sessions_dir)
        self.station = Station(join, name=name)
        self.station.attach(self.session, self.recorder.folder)
        self.station.start()
        self.session.start()
        self.n = 0
        self.offset = seed % 3  # not every trainee says the same thing at the same turn

    def turn(self) -> None:
        """One line (the station's controls first, as a player applies them between lines)."""
        self.station.poll()
        if self.session.finished or self.station.paused:
            return
        self.session.clock.advance(4.0)  # type: ignore[attr-defined]
        self.session.say(LINES[(self.n + self.offset) % len(LINES)])
        self.n += 1

    def close(self) -> None:
        self.station.stop()
        self.recorder.finish()


@pytest.fixture
def ram_dir(tmp_path: Path) -> Iterator[Path]:
    """Sessions folder on a RAM disk when there is one: the real recorder, without 30 stations' fsyncs queueing on one disk."""
    import shutil
    import tempfile

    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="instruct-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Classroom:
    """Many trainees driven from one thread (each session only ever on that thread): controls applied, a turn now and then."""

    def __init__(self, trainees: list[Trainee], every: float = 0.5) -> None:
        import threading

        self.trainees, self.every = trainees, every
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self._run, name="classroom", daemon=True)
        self.errors: list[BaseException] = []

    def _run(self) -> None:
        last = 0.0
        while not self.stop_flag.is_set():
            try:
                for t in self.trainees:
                    t.station.poll()
                if time.monotonic() - last >= self.every:
                    last = time.monotonic()
                    for t in self.trainees:
                        if t.n < len(LINES) - 1:  # a few turns each, then they think (the console shows them idle)
                            t.turn()
            except BaseException as exc:  # surfaced by stop(): a failing session must fail the test
                self.errors.append(exc)
                return
            time.sleep(0.02)

    def __enter__(self) -> Classroom:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_flag.set()
        self.thread.join(10)
        if self.errors:
            raise self.errors[0]

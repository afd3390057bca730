"""App test helpers: a main window on private settings, a manual clock and no audio engines."""

from __future__ import annotations

import random
import sys
from functools import cache
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from simulator.catalog import catalog
from simulator.clock import ManualClock


def pytest_configure(config):
    config.addinivalue_line("markers", "soak: the short soak of the real app under Xvfb (tests/ui/test_soak.py, about 3 minutes)")


@cache
def shipped():
    return catalog()


@pytest.fixture(scope="session")
def virtual_microphone():
    """One PulseAudio server with a virtual microphone for the whole run.

    QtMultimedia connects to the sound server once per process and aborts the
    process if that server is later killed and replaced, so every audio test
    shares this one (started on first use, stopped at the end of the run).
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from audio_env import PulseUnavailable, start_virtual_microphone, stop

    try:
        runtime, _ = start_virtual_microphone()
    except PulseUnavailable as exc:
        pytest.fail(str(exc))
    yield runtime
    stop(runtime)


@pytest.fixture
def app_settings(tmp_path):
    from ui.settings import AppSettings

    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, app_settings):
    """The real main window over the shipped scenarios; typing and menus only (speech has its own tests)."""
    from ui.main_window import MainWindow

    clocks: list[ManualClock] = []

    def clock() -> ManualClock:
        clocks.append(ManualClock())
        return clocks[-1]

    win = MainWindow(shipped(), app_settings, speech=False, clock_factory=clock, rng=random.Random(5))
    win.clocks = clocks
    win.ask_before_leaving = False  # leaving asks first: that question has its own tests (test_leaving.py)
    qtbot.addWidget(win)
    win.show()
    return win


def scenario(scenario_id: str):
    return next(e.scenario for e in shipped() if e.scenario and e.scenario.id == scenario_id)

"""Starting the app: a clear message without a display, the `deescalate` default, a fast first window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def test_display_problem_is_detected_before_qt():
    from ui.app import display_problem

    assert "xvfb-run -a deescalate" in display_problem({}, "linux")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None


def test_no_display_exits_2_with_advice_from_both_commands():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for command in ([str(BIN / "deescalate")], [str(BIN / "deescalate-app")]):
        proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert proc.returncode == 2, (command, proc.stderr)
        assert "No display found" in proc.stderr and "xvfb-run -a deescalate" in proc.stderr


def test_the_window_shows_the_browser_while_the_model_warms_up(qtbot, tmp_path, monkeypatch):
    """build_window shows the browser at once; the understanding model warms up in the background."""
    from ui.app import build_window
    from ui.workers import wait_for_background

    monkeypatch.setenv("DEESCALATE_SETTINGS", str(tmp_path / "s.ini"))
    _app, window = build_window()
    qtbot.addWidget(window)
    assert window.isVisible() and window.stack.currentWidget() is window.browser
    wait_for_background()  # how fast is measured by tools/bench_app.py, not asserted here (the machine may be loaded)


def test_the_terminal_player_stays_available_as_play():
    """`deescalate play` with no scenario is the old terminal chooser (no Qt, no display needed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([str(BIN / "deescalate"), "play"], env=env, input="q\n", capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Scenarios:" in proc.stdout and "Outside the Railing" in proc.stdout


def test_the_first_launch_opens_the_preflight_check_once(virtual_microphone, window):
    """A new user is shown the microphone/speakers/model check first; never again after that.

    (The sound server starts first: QtMultimedia reads the device list once per process.)
    """
    from ui.app import first_launch_check

    dialog = first_launch_check(window)
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    assert first_launch_check(window) is None

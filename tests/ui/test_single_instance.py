"""One trainer per data folder (issue 14): a second one says plainly where the first is open, and touches nothing.

Two trainers on one data folder would write the same settings, session index and
model cache at once. The lock is Qt's QLockFile in the data folder, taken the
way ``ui.app.main`` takes it; a lock left behind by a crash must not block the
next start.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.app import instance_lock
lock, why = instance_lock(Path(sys.argv[1]))
print("held" if lock is not None else "refused " + why, flush=True)
time.sleep(120)
"""


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "DEESCALATE_DATA_DIR": str(data),
            "DEESCALATE_SETTINGS": str(data.parent / "settings.ini")}


def _hold(data: Path) -> subprocess.Popen[str]:
    """A first trainer's process holding the data folder's lock (as the app takes it)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data)], env=_env(data), cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _lines_until(stream, needle: str, timeout: float) -> str:
    """Read ``stream`` until a line contains ``needle`` (or the timeout): what was read."""
    seen: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in stream:
            seen.append(line)
            if needle in line:
                found.set()
                return

    threading.Thread(target=read, daemon=True).start()
    found.wait(timeout)
    return "".join(seen)


def test_two_lock_attempts_on_one_folder_one_wins_and_the_other_is_told_where(qapp, tmp_path):
    from ui.app import instance_lock

    first, why = instance_lock(tmp_path)
    assert first is not None and why == ""
    second, why = instance_lock(tmp_path)
    assert second is None
    assert "already open" in why and str(tmp_path) in why and f"process {os.getpid()}" in why
    first.unlock()
    third, why = instance_lock(tmp_path)
    assert third is not None and why == ""
    third.unlock()


def test_a_second_app_process_says_the_trainer_is_open_there_and_touches_nothing(tmp_path):
    data = tmp_path / "data"
    holder = _hold(data)
    try:
        before = sorted(p.name for p in data.iterdir())
        second = subprocess.Popen([sys.executable, "-m", "ui.app"], env=_env(data), cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        try:
            said = _lines_until(second.stderr, "already open", 60)
            assert "The trainer is already open" in said and str(data) in said and f"process {holder.pid}" in said
            assert sorted(p.name for p in data.iterdir()) == before == ["app.lock"], "the second trainer wrote nothing there"
        finally:
            second.kill()
            second.wait(10)
    finally:
        holder.kill()
        holder.wait(10)


def test_main_exits_with_its_own_code_when_the_folder_is_taken(qapp, tmp_path, monkeypatch):
    import ui.app
    from simulator import logs

    data = tmp_path / "data"
    holder = _hold(data)
    told: list[str] = []
    monkeypatch.setenv("DEESCALATE_DATA_DIR", str(data))
    monkeypatch.setattr(logs, "configure_app", lambda verbose=False: None)
    monkeypatch.setattr(ui.app, "_say_already_open", told.append)
    monkeypatch.setattr(ui.app, "build_window", lambda: (_ for _ in ()).throw(AssertionError("no window for a second trainer")))
    try:
        assert ui.app.main([]) == ui.app.ALREADY_OPEN_EXIT
    finally:
        holder.kill()
        holder.wait(10)
    assert len(told) == 1 and "already open" in told[0]


def test_a_lock_left_by_a_crashed_trainer_does_not_block_the_next_start(qapp, tmp_path):
    from ui.app import instance_lock

    holder = _hold(tmp_path)
    holder.kill()  # SIGKILL: no clean-up, the lock file stays behind
    holder.wait(10)
    assert (tmp_path / "app.lock").exists()
    lock, why = instance_lock(tmp_path)
    assert lock is not None, why
    lock.unlock()

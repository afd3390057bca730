"""Start the desktop app: check for a display first, then show the window at once and load the rest behind it.

Without a display Qt aborts the process (exit 134) with a misleading hint
about xcb libraries, so ``main`` checks first and says what to do. The window
is shown before anything slow: the understanding model warms up on the thread
pool, and speech models load when a session starts. One trainer runs per data
folder (``instance_lock``): a second one says where the first is open and exits.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

NO_DISPLAY = ("No display found. Run it on a desktop, or under a virtual screen: xvfb-run -a deescalate\n"
              "(or use the terminal player: deescalate play)")


def display_problem(env: dict[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """Why Qt could not open a window here, or None when it can."""
    env = dict(os.environ) if env is None else env
    if not platform.startswith("linux"):
        return None
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="deescalate-app", description="The crisis-intervention trainer's desktop app.")
    p.add_argument("--scenario", help="open this scenario (id or file) straight away, after its content warning")
    p.add_argument("--seed", type=int, default=None, help="the seed for --scenario")
    p.add_argument("-v", "--verbose", action="store_true", help="log everything (the log file is in the user's log folder)")
    return p.parse_args(argv)


GUI_SWITCH_INTERVAL_S = 0.001  # CPython's default is 0.005


def share_the_interpreter() -> None:
    """Let the GUI thread get the interpreter back sooner from the session worker and the speech threads.

    The turns, speech loading and recognition run on other threads, but every Qt callback on the GUI thread needs
    the GIL; a thread that wants it waits up to the switch interval each time another thread holds it. With several
    busy threads on two loaded cores those waits add up to visible stalls, so the app asks for shorter slices.
    """
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


def build_window(argv: list[str] | None = None):  # -> tuple[QApplication, MainWindow]
    """The QApplication and the shown main window (used by main, the benchmark and the screenshots)."""
    from PySide6.QtWidgets import QApplication

    share_the_interpreter()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("De-escalate")
    app.setOrganizationName("deescalate")
    from simulator.catalog import catalog
    from ui.main_window import MainWindow
    from ui.workers import run_in_background

    window = MainWindow(catalog())
    window.show()

    run_in_background(warm_up, lambda _r: None)
    return app, window


def warm_up() -> None:
    """Load, behind the first window, what the first session would otherwise load on the GUI thread.

    Runs on the thread pool. Without it the first "Start" blocked the window for about 150 ms importing the
    session's modules (the spoken-referral patterns compile on import) and the first reply waited for the model.
    Importing here is safe: these modules only define classes and compile patterns.
    """
    import simulator.records.recorder
    import simulator.session  # noqa: F401
    import ui.debrief
    import ui.session_runner
    import ui.session_view  # noqa: F401
    from simulator import spare_threads
    from simulator.understanding import default_reader

    spare_threads.SPARES.prime()  # the session's worker, the voices' speakers and the listener start without waiting
    default_reader()


LOCK_FILE = "app.lock"
ALREADY_OPEN_EXIT = 3


def instance_lock(data_dir: Path | None = None) -> tuple[Any, str]:
    """Take this data folder's single-instance lock: ``(lock, "")``, or ``(None, why)`` when another trainer holds it.

    Two trainers on one data folder would write the same settings, session index and model cache at once; the
    second one says plainly where the first is open instead. ``QLockFile`` records the holder's process id, host
    and name, so a lock left by a crash (or a ``kill -9``) is recognised as stale and taken over: the holder is
    gone. The stale time is 0 (never stale by age alone): a class period is far longer than Qt's 30-s default.
    Keep the returned lock for the app's whole life; it is released at exit. Needs the QApplication made first:
    without one Qt cannot name the holder's process, and takes a live holder's lock for a dead one's.
    """
    from PySide6.QtCore import QCoreApplication, QLockFile

    from simulator.paths import user_data_dir

    if QCoreApplication.instance() is None:
        raise RuntimeError("instance_lock needs the QApplication first")

    folder = Path(data_dir) if data_dir is not None else user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # no folder, no data to protect: say so, and let the app report what it cannot save
        return None, f"The trainer's data folder {folder} cannot be created ({exc.strerror or exc})."
    lock = QLockFile(str(folder / LOCK_FILE))
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock, ""
    if lock.error() != QLockFile.LockError.LockFailedError:  # not held by anyone: the folder is not writable
        return None, f"The trainer cannot use its data folder {folder} (it is not writable). Check its permissions."
    info = lock.getLockInfo()  # PySide: (pid, hostname, appname), or False when the file cannot be read
    who = ""
    if isinstance(info, tuple) and len(info) == 3:
        who = f" (process {info[0]}" + (f" on {info[1]}" if info[1] else "") + ")"
    return None, (f"The trainer is already open{who}, using the data folder {folder}.\n"
                  "Switch to that window (or close it first). Two trainers on one data folder would write the same "
                  "sessions and settings; to run a second one, give it its own folder: DEESCALATE_DATA_DIR=/some/folder deescalate-app")


def _say_already_open(message: str) -> None:
    """On stderr for a terminal, and in a box for whoever started it from a menu."""
    print(message, file=sys.stderr, flush=True)
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(None, "De-escalate is already open", message)


def _quit_on_ctrl_c(app) -> None:
    """Ctrl+C in the terminal closes the window cleanly (Qt's loop would otherwise hold the signal until exit)."""
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: app.closeAllWindows())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)  # lets Python run its signal handlers
    timer.start(300)


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    from simulator.logs import configure_app

    configure_app(args.verbose)  # the rotating log file a lab can send: version first, then engines and errors
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication(sys.argv[:1])  # before the lock: Qt names the lock's holder through it
    lock, busy = instance_lock()
    if lock is None:
        _say_already_open(busy)
        return ALREADY_OPEN_EXIT
    app, window = build_window()
    _quit_on_ctrl_c(app)
    if args.scenario:
        from simulator.catalog import find

        window.open_scenario(find(args.scenario), args.seed)
    else:
        first_launch_check(window)
    try:
        return app.exec()
    finally:
        lock.unlock()


def first_launch_check(window):  # -> PreflightDialog | None
    """On the very first launch, open the pre-flight check (microphone, speakers, speech model) once."""
    if window.settings.get("preflight_seen"):
        return None
    window.settings.set("preflight_seen", True)
    return window.open_preflight()


if __name__ == "__main__":
    sys.exit(main())

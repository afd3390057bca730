"""Logging for both entry points: warnings on stderr always, a rotating log file for the app.

A lab that hits a problem needs something to send: the app writes
``deescalate.log`` (rotated at 1 MB, three kept) in the user's log folder
(``simulator.paths.user_log_dir``; ``DEESCALATE_LOG_DIR`` overrides), starting with
the version and platform; the app's own code logs the engines it chose and any
error. The command line logs to stderr only (warnings, or everything with
``--verbose``), so its output stays clean for pipes. Modules log through
``logging.getLogger(__name__)`` and never configure logging themselves.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
from pathlib import Path
from typing import Any

LOG_FILE = "deescalate.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_HANDLER_MARK = "_deescalate"  # our handlers, so configuring twice (tests, a second window) never doubles them

log = logging.getLogger("deescalate")


def version() -> str:
    """The installed version, or "unknown" in a bare checkout."""
    try:
        from importlib.metadata import version as _version

        return _version("deescalate")
    except Exception:  # not installed: still say something honest
        return "unknown"


def versions() -> dict[str, str]:
    """The versions a problem report needs: the program, Python, the platform, and Qt when it is loaded."""
    out = {"deescalate": version(), "python": platform.python_version(), "platform": platform.platform()}
    qt = sys.modules.get("PySide6")
    if qt is not None:
        out["pyside6"] = str(getattr(qt, "__version__", "?"))
    return out


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """A console handler that writes to whatever ``sys.stderr`` is when a record comes.

    A handler holding the stream it was made with keeps writing to it after it
    is gone: a command run in-process (the tests capture its output, a wrapper
    swaps stderr) left the hub's later warnings failing as "Logging error" on a
    closed stream.
    """

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:  # StreamHandler.__init__ and setStream assign it; the current stderr wins
        pass


def configure(verbose: bool = False, log_file: Path | None = None) -> Path | None:
    """Set up the root logger once per process: stderr (WARNING, or DEBUG with ``verbose``) and, if given, a rotating file.

    Returns the log file's path, or None when there is none (or it cannot be
    written: logging must never stop the program, so that is one warning on stderr).
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = _CurrentStderr()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("deescalate: %(levelname)s: %(name)s: %(message)s"))
    setattr(console, _HANDLER_MARK, True)
    root.addHandler(console)
    if log_file is None:
        return None
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        log.warning("cannot write the log file %s (%s); logging to the terminal only", log_file, exc.strerror or exc)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)
    return log_file


def configure_app(verbose: bool = False) -> Path | None:
    """The app's logging: the rotating file in the user's log folder, opened with the versions."""
    from simulator.paths import user_log_dir

    try:
        folder = user_log_dir()
    except OSError as exc:
        configure(verbose)
        log.warning("no log folder (%s); logging to the terminal only", exc)
        return None
    path = configure(verbose, folder / LOG_FILE)
    _log_uncaught()
    log.info("deescalate-app starting: %s", ", ".join(f"{k} {v}" for k, v in versions().items()))
    if path is not None:
        log.info("log file: %s", path)
    return path


def _log_uncaught() -> None:
    """An error nobody caught (a Qt slot that raised) goes into the log before Python reports it as usual."""
    previous = sys.excepthook
    if getattr(previous, _HANDLER_MARK, False):
        return

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        log.critical("uncaught error", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    setattr(hook, _HANDLER_MARK, True)
    sys.excepthook = hook


def log_path() -> Path | None:
    """Where this process logs to (for the app's diagnostics), if anywhere."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and getattr(handler, _HANDLER_MARK, False):
            return Path(handler.baseFilename)
    return None

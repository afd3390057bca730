"""Run slow work (model loading, installs) off the GUI thread and get the result back as a signal.

One helper for the whole app (Anki's shape): a slot never waits for a
recogniser to load or a model to download, it asks for the work and is called
back on the GUI thread when it is done. The callbacks run through a signal of an
object that lives on the GUI thread, so Qt queues them across threads.
"""

from __future__ import annotations

import contextlib
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_RUNNING: set[Task] = set()  # tasks are kept alive until they report back
# Tasks that have reported back, kept a little longer: the pool thread may still be returning from ``run()``
# when its signal is handled here, and Qt only allows deleting a runnable once ``run()`` has returned.
_RETIRED: deque[Task] = deque(maxlen=16)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


def _done() -> None:
    """What a task that has already run holds instead of its function."""


class Task(QRunnable):
    """``fn()`` on the thread pool; ``done(result)`` or ``failed(message)`` on the GUI thread."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._fn = fn
        self.signals = _Signals()

    def drop_work(self) -> None:
        """Forget the function (and what its closure holds) once its result has been delivered."""
        self._fn = _done

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the GUI, which says what to do
            traceback.print_exc()
            self._tell(self.signals.failed, f"{exc}")
            return
        self._tell(self.signals.done, result)

    @staticmethod
    def _tell(signal: Any, value: object) -> None:
        """Emit, unless the application has already gone (a task still running when the window closed): then
        nobody is left to tell, and a traceback on the way out would only alarm the user."""
        with contextlib.suppress(RuntimeError):  # "Signal source has been deleted"
            signal.emit(value)


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None], on_failed: Callable[[str], None] | None = None) -> Task:
    """Start ``fn`` on the pool now; ``on_done``/``on_failed`` are called later on the GUI thread."""
    task = Task(fn)
    _RUNNING.add(task)

    def retire() -> None:
        """Let the callbacks go. The signals' connections hold them (and this closure, which holds the task) in C++,
        where Python's collector cannot see the cycle: without this every task, its callbacks and whatever they
        reference stayed alive for good — each session's SpeechInput with its recogniser, ~45 MB a session."""
        _RUNNING.discard(task)
        task.signals.done.disconnect()
        task.signals.failed.disconnect()
        task.drop_work()
        _RETIRED.append(task)

    def finished_ok(result: Any) -> None:
        retire()
        on_done(result)

    def finished_bad(message: str) -> None:
        retire()
        if on_failed is not None:
            on_failed(message)

    task.signals.done.connect(finished_ok)
    task.signals.failed.connect(finished_bad)
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_background(timeout_ms: int = 30000) -> bool:
    """Block until the pool is idle (tests, benchmarks and shutdown only)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)

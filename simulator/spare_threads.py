"""Threads started ahead of need, so that the GUI thread never waits for one to start.

``threading.Thread.start()`` returns only once the new thread has run its first bytecodes, and for that the new
thread needs the interpreter lock. While other threads are busy (a scenario's state machine being built, the last
session's rubric, a recogniser loading) the lock goes round them first: the 45-minute soak measured the GUI thread
blocked in ``start()`` for 100-120 ms, the window's three longest stalls (a session's worker at "Start", a voice's
speaker at the first line). Here a long-lived spawner thread keeps a few threads waiting; handing one a job is a
queue put that never waits for the interpreter lock to come round. A thread goes back to waiting when its job ends.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

SPARE_NAME = "spare"


class Job:
    """One job on a spare thread: what ``threading.Thread`` offers its owner (``join``, ``is_alive``)."""

    def __init__(self, target: Callable[[], object], name: str) -> None:
        self.target: Callable[[], object] | None = target
        self.name = name
        self._done = threading.Event()

    def join(self, timeout: float | None = None) -> None:
        self._done.wait(timeout)

    def is_alive(self) -> bool:
        """True until the job's target has returned (or raised)."""
        return not self._done.is_set()

    def run(self) -> None:
        """Run the target under the job's name (logs and thread checks see the name they always did)."""
        me = threading.current_thread()
        me.name = self.name
        target, self.target = self.target, None  # as Thread.run does: a finished job keeps nothing of its owner alive
        try:
            if target is not None:
                target()
        except Exception:  # the owner's loop handles its own errors; one that escapes must not kill a spare
            log.exception("job %s failed", self.name)
        finally:
            me.name = SPARE_NAME
            self._done.set()


class SpareThreads:
    """A few daemon threads kept waiting for jobs, topped up from a spawner thread (never from the caller).

    Threads are never retired: their number is the most jobs ever run at once plus ``keep``, a handful in the app
    (a session's worker, the one closing behind it, a speaker per voice, a listener).
    """

    def __init__(self, keep: int = 3) -> None:
        self.keep = keep
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._idle = 0
        self._topups: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._spawner: threading.Thread | None = None
        self.spawned = 0
        self.spawned_by_caller = 0  # jobs that found no spare waiting and started a thread themselves

    def prime(self) -> None:
        """Start the spawner and its first spares. Call it early and off the GUI thread (it starts threads)."""
        with self._lock:
            if self._spawner is not None:
                return
            self._spawner = threading.Thread(target=self._spawn_loop, name="spare-spawner", daemon=True)
        self._spawner.start()
        self._topups.put(self.keep)

    def start(self, target: Callable[[], object], name: str) -> Job:
        """Run ``target`` on a waiting thread and return at once.

        With none waiting (the first call before ``prime``, or more jobs at once than ever before) the caller
        starts one itself, as ``Thread.start`` would have; either way the spawner tops the spares back up.
        """
        job = Job(target, name)
        with self._lock:
            waiting = self._idle > 0
            if waiting:
                self._idle -= 1
            else:
                self.spawned_by_caller += 1
            short = self.keep - self._idle
        if waiting:
            self._jobs.put(job)
        else:
            self._spawn(first=job)
        if self._spawner is None:
            self.prime()
        elif short > 0:
            self._topups.put(short)
        return job

    def idle(self) -> int:
        """How many threads are waiting for a job now."""
        with self._lock:
            return self._idle

    # -- the threads ----------------------------------------------------------------------------------
    def _spawn(self, first: Job | None = None) -> None:
        """A thread that runs the caller's ``first`` job, or (with none) one the spawner has already counted idle."""
        with self._lock:
            self.spawned += 1
        threading.Thread(target=self._serve, args=(first,), name=SPARE_NAME, daemon=True).start()

    def _serve(self, first: Job | None) -> None:
        if first is not None:
            first.run()
            del first  # the thread outlives its first job
            with self._lock:
                self._idle += 1
        while True:
            self._jobs.get().run()
            with self._lock:
                self._idle += 1

    def _spawn_loop(self) -> None:
        while True:
            self._topups.get()
            while True:
                with self._lock:
                    if self._idle >= self.keep:
                        break
                    self._idle += 1  # counted now, so that a burst of top-ups does not overshoot
                self._spawn()


SPARES = SpareThreads()


def start(target: Callable[[], object], name: str) -> Job:
    """Run ``target`` on one of the process's spare threads (see the module's docstring)."""
    return SPARES.start(target, name)

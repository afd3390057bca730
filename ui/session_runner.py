"""A live session whose turns run on a worker thread: the core ``Session`` plus a tick timer and pause.

The views never read the session's internals to decide anything: they call one
method here per user action and redraw from the events this object re-emits as
a Qt signal (``session_event``). Pausing freezes the session's clock, so drift, silence and the time
limit all stop while the trainee is away.

Why a worker thread. A turn (reading the words, the conversation, the reactions)
and the recorder's fsync of every event took 0.3-10 s of the GUI thread on a
loaded lab machine (issue 14's soak). So the runner owns one worker thread, and
everything that touches the core session or the recorder runs there, in the
order it was asked for: building the session and its recorder, ``start``, each
input, each tick, the instructor's controls, ending and closing. The GUI thread
only queues work and redraws:

- Inputs are processed strictly in arrival order; one that arrives while a turn
  is in flight waits in the queue (never dropped, never doubled).
- Every event is fsync'ed by the recorder (an observer on the worker) before
  the runner's own observer hands it to the GUI, so an event a view shows is on
  disk.
- Events cross to the GUI thread through a locked outbox and one queued
  wake-up signal; the GUI drains the outbox in order, updates a mirror of the
  session (phase, variables, turn, ending) and emits ``session_event``. Views read that
  mirror, never the session being changed on the worker.
- A failure in a job is logged with its traceback and reaches the GUI as
  ``problem(message)``: a sentence for a banner, not a traceback.
- ``close()`` ends the worker after the queued work (the recorder's log closed,
  ``session.json`` written) and, with ``wait``, blocks until it has; the window
  waits on quit so nothing the trainee did is lost.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import queue
import threading
import weakref
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from simulator import spare_threads
from simulator.clock import Clock, MonotonicClock
from simulator.diagnostics import UserError
from simulator.events import EventType, SessionEvent
from simulator.inputs import Act, Choose, Input, Quit, Refer, Say, Tick
from simulator.records.recorder import Recorder
from simulator.scenario.model import Scenario
from simulator.session import Session

TICK_MS = 1000
log = logging.getLogger(__name__)
_FROZEN = threading.Event()  # the long-lived objects have been moved out of the collector's way (_freeze_long_lived)


def _freeze_long_lived() -> None:
    """Once per process, after the first session is built: move every object alive now (the understanding model's
    hundreds of thousands of weights, the catalog, the window) into the collector's permanent generation.

    Python's full (generation 2) collection visits every tracked object, and it runs, holding the interpreter lock,
    on whichever thread happens to allocate at the time: with the model loaded one took 130-600 ms (measured at a
    scenario's first session), the soak's longest GUI stalls (561 ms with the GUI thread doing nothing, asleep on
    the lock). Frozen objects are still freed by reference counting; only a cycle among them would never be
    collected, so this is done once, when little but the process's long-lived state is alive.
    """
    if not _FROZEN.is_set():
        _FROZEN.set()
        gc.freeze()  # no gc.collect() first: that full collection is itself the pause this avoids


class PausableClock:
    """Wraps a clock; time spent paused does not count. Read on the worker, paused from the GUI: hence the lock.

    ``at(t)`` makes ``now()`` answer ``t`` on the calling thread only: the worker runs each input at the time it
    arrived, so a turn that waited behind a slow one is timed as the trainee did it (silence, drift and the time
    limit see the same numbers as when turns ran on the GUI thread), and the GUI's clock display is unaffected.
    """

    def __init__(self, base: Clock | None = None) -> None:
        self._base = base or MonotonicClock()
        self._offset = 0.0
        self._paused_at: float | None = None
        self._lock = threading.Lock()
        self._local = threading.local()

    def now(self) -> float:
        fixed: float | None = getattr(self._local, "fixed", None)
        if fixed is not None:
            return fixed
        return self.live_now()

    def live_now(self) -> float:
        """The running time, ignoring ``at``."""
        with self._lock:
            now = self._paused_at if self._paused_at is not None else self._base.now()
            return now - self._offset

    def at(self, t: float | None) -> None:
        """From now on, on this thread, ``now()`` is ``t`` (None: the running time again)."""
        self._local.fixed = t

    def pause(self) -> None:
        with self._lock:
            if self._paused_at is None:
                self._paused_at = self._base.now()

    def resume(self) -> None:
        with self._lock:
            if self._paused_at is not None:
                self._offset += self._base.now() - self._paused_at
                self._paused_at = None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None


class _Wake(QObject):
    """Lives on the GUI thread; its signal, emitted on the worker, is queued to the GUI."""

    wake = Signal()


Job = Callable[[], Any]
_STOP = object()


def _forwarder(runner: SessionRunner) -> Callable[[SessionEvent], None]:
    """The session's observer for ``runner``, holding it weakly.

    A bound method would close a cycle (runner → session → its observers → runner) through a Qt wrapper, which
    Python's cycle collector cannot see into: every session of a class period would stay in memory.
    """
    ref = weakref.ref(runner)

    def forward(event: SessionEvent) -> None:
        alive = ref()
        if alive is not None:
            alive._forward(event)

    forward.__qualname__ = "SessionRunner._forward"  # how a failing observer is named in the log
    return forward


class SessionRunner(QObject):
    """Drives one session: inputs in, ``session_event`` signals out, ticking once a second; the turns run on a worker thread.

    The session is paused while anything holds it: the trainee's Pause button
    (``"trainee"``), speech recognition loading (``"speech_loading"``) or a dialog
    over the window (``"dialog"``). Time, silence prompts and drift stop until
    every hold is released. Only the trainee's own pause refuses inputs: typing
    while recognition loads starts the clock (they chose not to wait).
    """

    # Not named ``event``: a signal shadowing the virtual QObject.event is looked up by Qt on every QEvent the object
    # gets (queued calls, deleteLater), and PySide then never frees the object (measured: every runner of a class
    # period, with its session, stayed in memory).
    session_event = Signal(object)  # SessionEvent, on the GUI thread, after it is on disk
    paused_changed = Signal(bool)
    finished = Signal()
    problem = Signal(str)  # something the trainee should know (recording impossible or failed, a turn that failed)
    stopped = Signal()  # the worker has finished everything and ended (after close())
    delivered = Signal()  # a batch of events has been delivered (views redraw costly things once per batch, not per event)

    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        clock: Clock | None = None,
        tick_ms: int = TICK_MS,
        parent: QObject | None = None,
        sessions_dir: Path | None = None,
        record: bool = True,
        trainee: str = "",
    ) -> None:
        super().__init__(parent)
        self.clock = PausableClock(clock)
        self._scenario = scenario
        self._seed = seed
        self._session: Session | None = None
        self.recorder: Recorder | None = None
        self.record_problem = ""
        self.holds: set[str] = set()
        self.end_reason = ""
        # The GUI's mirror of the session, updated from the events as they are delivered.
        self.events: list[SessionEvent] = []
        self.phase = scenario.start_phase
        self.variables: dict[str, Any] = {}
        self.turn = 0
        self.ending: str | None = None
        self.closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        # The worker and the way back.
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._outbox: deque[tuple[str, Any]] = deque()
        self._out_lock = threading.Lock()
        self._wake_posted = False
        self._draining = False
        self._tick_queued = False
        self._closing = False
        self._start_requested = False
        self._end_requested = False
        self._built = threading.Event()
        self._reported_failure = False
        self._bridge = _Wake(self)
        self._bridge.wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self._worker: spare_threads.Job | None = None
        self._post(lambda: self._build(sessions_dir, record, trainee))  # runs once the worker starts (_start_worker)

    def _start_worker(self) -> None:
        """Start the worker (once): at ``start()``, or when something must wait for it.

        Not in ``__init__``: building the session (a scenario's topic reader is interpreter-holding Python, 0.1-0.35 s
        the first time) ran while the GUI thread was building the session's view, and each took the interpreter from
        the other every millisecond: the soak's longest stall at a session's start (130-180 ms on a loaded machine).
        Started after the view is built, the session is built while the GUI thread has little left to do.
        """
        if self._worker is None:
            self._worker = spare_threads.start(self._work, f"session-{self._scenario.id}")

    def _worker_ended(self, timeout: float | None = 0.0) -> bool:
        """Whether the worker has ended, after waiting up to ``timeout`` for it (a runner never started has not)."""
        worker = self._worker
        if worker is None:
            return False
        worker.join(timeout)
        return not worker.is_alive()

    # -- the worker thread ------------------------------------------------------------------
    def _work(self) -> None:
        """The worker's loop: jobs in the order posted, until close()."""
        while True:
            item = self._jobs.get()
            if item is _STOP:
                break
            asked_at, job = item
            self.clock.at(asked_at)  # the session sees the time the trainee acted, however long the queue was
            try:
                job()
            except Exception as exc:  # a bug in a turn must not end the session or reach the trainee as a traceback
                log.exception("session job failed")
                self._send("problem", f"Something went wrong and that step was not applied ({type(exc).__name__}: {exc}). "
                                      "The session goes on; the app's log file has the details.")
            finally:
                self.clock.at(None)
            self._check_recording()
        try:
            self._finish_recording()
        except Exception:
            log.exception("closing the session's recording failed")
        self._send("stopped", None)

    def _build(self, sessions_dir: Path | None, record: bool, trainee: str) -> None:
        session = Session(self._scenario, seed=self._seed, clock=self.clock, trainee=trainee)
        if record:  # always on in the app: every event is on disk as it happens (see simulator/records)
            try:
                self.recorder = Recorder(session, sessions_dir)  # subscribed first: it writes before the GUI hears
            except UserError as exc:  # an unwritable sessions folder must not stop the training
                self._send("record_problem", f"This session is not being recorded: {exc}")
        session.subscribe(_forwarder(self))
        self._session = session
        self._built.set()
        _freeze_long_lived()

    def _forward(self, event: SessionEvent) -> None:
        """The session's last observer (on the worker): the event is recorded; queue it for the GUI."""
        self._send("event", event)

    def _send(self, kind: str, value: Any) -> None:
        with self._out_lock:
            self._outbox.append((kind, value))
            if self._wake_posted:
                return
            self._wake_posted = True
        with contextlib.suppress(RuntimeError):  # the runner is gone (the app is closing): nobody is left to tell
            self._bridge.wake.emit()

    def _check_recording(self) -> None:
        """Say once, in words, when the recording folder stopped being written (a full disk, a folder gone)."""
        recorder = self.recorder
        if recorder is not None and recorder.failure is not None and not self._reported_failure:
            self._reported_failure = True
            self._send("problem", f"The recording stopped: {recorder.failure}. The session goes on; "
                                  "every event is kept and saved elsewhere when it ends.")

    def _finish_recording(self) -> None:
        """On the worker, last: the log closed (every line already fsync'ed); a failed recording rescued."""
        recorder = self.recorder
        if recorder is None:
            return
        if recorder.failure is not None:
            from simulator.records.recorder import rescue

            self._send("problem", rescue(recorder))
        recorder.close()

    def _post(self, job: Job) -> bool:
        """Queue ``job`` for the worker, stamped with the session time it was asked for."""
        if self._closing:
            return False
        self._jobs.put((self.clock.live_now(), job))
        return True

    def _input(self, value: Input, after: Callable[[Session], None] | None = None) -> None:
        def run() -> None:
            session = self._require()
            session.handle(value)
            if after is not None:
                after(session)

        self._post(run)

    def _require(self) -> Session:
        if self._session is None:
            raise RuntimeError("the session could not be built")
        return self._session

    # -- the GUI thread: delivering what the worker did -------------------------------------------
    def _drain(self) -> None:
        """Deliver the worker's events and messages, in order (the queued wake-up, or wait_idle)."""
        if self._draining:
            return
        self._draining = True
        events = 0
        try:
            while True:
                with self._out_lock:
                    if not self._outbox:
                        self._wake_posted = False
                        break
                    kind, value = self._outbox.popleft()
                if kind == "event":
                    events += 1
                    self._deliver(value)
                elif kind == "problem":
                    self.problem.emit(value)
                elif kind == "record_problem":
                    self.record_problem = value
                    self.problem.emit(value)
                elif kind == "call":
                    then, result = value
                    then(result)
                elif kind == "stopped":
                    self.stopped.emit()
        finally:
            self._draining = False
        if events:
            self.delivered.emit()

    def _deliver(self, event: SessionEvent) -> None:
        self.events.append(event)
        self.turn = event.turn
        d = event.data
        if event.type in (EventType.SESSION_STARTED, EventType.STATE_CHANGED):
            self.variables.update(d.get("variables", {}))
        if event.type == EventType.SESSION_STARTED:
            self.phase = str(d.get("phase", self.phase))
        elif event.type == EventType.PHASE_CHANGED:
            self.phase = str(d.get("to", self.phase))
        elif event.type == EventType.SESSION_ENDED:
            self.ending = str(d.get("ending"))
        elif event.type == EventType.SESSION_CLOSED:
            self.closed = True
        self.session_event.emit(event)
        if event.type in (EventType.SESSION_ENDED, EventType.SESSION_CLOSED):
            self._timer.stop()
            self.finished.emit()

    # -- what the views read (the mirror) --------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def seed(self) -> int:
        return self._seed

    @property
    def session(self) -> Session:
        """The core session (tests and tools, after ``wait_idle()``); views read the mirror instead.

        It is changed on the worker: reading it while a turn runs sees a turn half done.
        """
        self._start_worker()
        self._built.wait(30)
        return self._require()

    @property
    def started(self) -> bool:
        return bool(self.events)

    @property
    def ended(self) -> bool:
        return self.ending is not None or self.closed

    @property
    def live(self) -> bool:
        """Started and neither over nor asked to end (what leaving the session must ask about)."""
        return self._start_requested and not self._end_requested and not self.ended

    @property
    def paused(self) -> bool:
        return self.clock.paused

    @property
    def refusing(self) -> bool:
        """Inputs are refused only while the trainee (or a dialog) holds the session, not while speech loads."""
        return bool(self.holds - {"speech_loading"})

    @property
    def busy(self) -> bool:
        """Work is queued or running on the worker, or delivered events wait for the GUI."""
        return not self._jobs.empty() or bool(self._outbox)

    # -- pausing (GUI thread) ------------------------------------------------------------------
    def hold(self, reason: str) -> None:
        """Pause for ``reason`` (several may hold at once); the first hold stops the clock."""
        if self.ended or reason in self.holds:
            return
        self.holds.add(reason)
        if not self.clock.paused:
            self.clock.pause()
            self._timer.stop()
        self.paused_changed.emit(True)

    def release_hold(self, reason: str) -> None:
        """Drop one hold; the clock runs again when none is left."""
        if reason not in self.holds:
            return
        self.holds.discard(reason)
        if not self.holds and self.clock.paused:
            self.clock.resume()
            if not self.ended:
                self._timer.start()
        self.paused_changed.emit(bool(self.holds))

    def _accepting(self) -> bool:
        if "speech_loading" in self.holds and not self.refusing:
            self.release_hold("speech_loading")
        return not self.paused

    # -- inputs (GUI thread: queued for the worker) ------------------------------------------------
    def start(self) -> None:
        self._start_requested = True
        self._post(lambda: self._require().start())
        self._start_worker()
        if not self.ended:
            self._timer.start()

    def tick(self) -> None:
        """The 1-s timer: one tick queued at a time (a slow turn does not pile ticks up behind it)."""
        if self.paused or self._tick_queued:
            return
        self._tick_queued = True

        def run() -> None:
            self._tick_queued = False
            session = self._require()
            if not self.clock.paused and session.started and not session.finished:
                session.handle(Tick())

        if not self._post(run):
            self._tick_queued = False

    def say(self, text: str, source: str = "typed") -> None:
        if text.strip() and self._accepting():
            self._input(Say(text, source))

    def say_spoken(self, text: str, pcm: bytes, rate: int, heard: str = "", confidence: float | None = None) -> None:
        """A spoken turn: ``text`` as sent (perhaps corrected), ``heard`` as recognised; then its audio beside the log.

        The log keeps both words, so an instructor sees what the recogniser made
        of the trainee and what the trainee meant.
        """
        if not text.strip() or not self._accepting():
            return

        def keep_audio(session: Session) -> None:
            if self.recorder is not None and pcm and not self.recorder.closed:
                self.recorder.save_audio(session.turn, pcm, rate)

        self._input(Say(text, "speech", heard if heard and heard != text else "", confidence), keep_audio)

    def choose(self, choice_id: str) -> None:
        if self._accepting():
            self._input(Choose(choice_id))

    def act(self, action: str) -> None:
        if self._accepting():
            self._input(Act(action))

    def refer(self, resource: str) -> None:
        if self._accepting():
            self._input(Refer(resource))

    def pause(self) -> None:
        """The trainee's Pause button."""
        self.hold("trainee")

    def resume(self) -> None:
        self.release_hold("trainee")

    def end(self, reason: str = "") -> None:
        """The trainee ends the session early; ``reason`` says how (the End button, closing the window, ...).

        Inputs already queued are processed first: what the trainee did before ending counts.
        """
        for hold in list(self.holds):
            self.release_hold(hold)
        self._timer.stop()
        if not self.ended and not self._end_requested:
            self.end_reason = reason
            self._end_requested = True

            def run() -> None:
                session = self._require()
                if session.started and not session.finished:
                    session.handle(Quit(reason) if reason else Quit())

            self._post(run)

    def call(self, fn: Callable[[Session], Any], then: Callable[[Any], None] | None = None) -> bool:
        """Run ``fn(session)`` on the worker, after everything queued; ``then(result)`` later on the GUI thread.

        For whatever else must touch the live session (the instructor's controls). False once closing.
        """
        def run() -> None:
            result = fn(self._require())
            if then is not None:
                self._send("call", (then, result))

        return self._post(run)

    def elapsed(self) -> float:
        session = self._session
        return session.elapsed() if session is not None and self.started else 0.0

    # -- waiting and closing -----------------------------------------------------------------------
    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until the worker has done everything queued so far, then deliver its events (tests, tools, shutdown).

        The app itself never calls this on a live session: it is what the GUI must not do during a turn.
        """
        self._start_worker()
        done = threading.Event()
        posted = self._post(done.set)
        if posted:
            ok = done.wait(timeout)
        else:  # closing: the worker runs to its end
            ok = self._worker_ended(timeout)
        self._drain()
        return ok

    def close(self, wait: bool = True, timeout: float = 30.0) -> bool:
        """Stop taking work; the worker finishes what is queued, closes the recording and ends (``stopped``).

        With ``wait`` the caller blocks until then (quitting: nothing the trainee did may be lost).
        Returns whether the worker has ended.
        """
        self._timer.stop()
        if not self._closing:
            self._closing = True
            self._jobs.put(_STOP)
        self._start_worker()  # a runner never started still builds, closes its recording and reports ``stopped``
        if not wait:
            return self._worker_ended()
        ended = self._worker_ended(timeout)
        self._drain()
        return ended

    @property
    def alive(self) -> bool:
        """The worker thread is still running."""
        return self._worker is not None and self._worker.is_alive()

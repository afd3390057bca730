"""A live session on the GUI thread: the core ``Session`` plus a tick timer and pause.

The views never read the session's internals to decide anything: they call one
method here per user action and redraw from the events this object re-emits as
a Qt signal. Pausing freezes the session's clock, so drift, silence and the time
limit all stop while the trainee is away.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from simulator.clock import Clock, MonotonicClock
from simulator.diagnostics import UserError
from simulator.events import EventType, SessionEvent
from simulator.records.recorder import Recorder
from simulator.scenario.model import Scenario
from simulator.session import Session

TICK_MS = 1000


class PausableClock:
    """Wraps a clock; time spent paused does not count."""

    def __init__(self, base: Clock | None = None) -> None:
        self._base = base or MonotonicClock()
        self._offset = 0.0
        self._paused_at: float | None = None

    def now(self) -> float:
        now = self._paused_at if self._paused_at is not None else self._base.now()
        return now - self._offset

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._base.now()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._offset += self._base.now() - self._paused_at
            self._paused_at = None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None


class SessionRunner(QObject):
    """Drives one session: inputs in, ``event`` signals out, ticking once a second.

    The session is paused while anything holds it: the trainee's Pause button
    (``"trainee"``), speech recognition loading (``"speech_loading"``) or a dialog
    over the window (``"dialog"``). Time, silence prompts and drift stop until
    every hold is released. Only the trainee's own pause refuses inputs: typing
    while recognition loads starts the clock (they chose not to wait).
    """

    event = Signal(object)  # SessionEvent
    paused_changed = Signal(bool)
    finished = Signal()

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
        self.session = Session(scenario, seed=seed, clock=self.clock, trainee=trainee)
        self.recorder: Recorder | None = None
        self.record_problem = ""
        if record:  # always on in the app: every event is on disk as it happens (see simulator/records)
            try:
                self.recorder = Recorder(self.session, sessions_dir)
            except UserError as exc:  # an unwritable sessions folder must not stop the training
                self.record_problem = f"This session is not being recorded: {exc}"
        self.session.subscribe(self._forward)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self.holds: set[str] = set()
        self.end_reason = ""

    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    @property
    def seed(self) -> int:
        return self.session.seed

    @property
    def events(self) -> list[SessionEvent]:
        return self.session.events

    @property
    def paused(self) -> bool:
        return self.clock.paused

    @property
    def refusing(self) -> bool:
        """Inputs are refused only while the trainee (or a dialog) holds the session, not while speech loads."""
        return bool(self.holds - {"speech_loading"})

    def hold(self, reason: str) -> None:
        """Pause for ``reason`` (several may hold at once); the first hold stops the clock."""
        if self.session.finished or reason in self.holds:
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
            if not self.session.finished:
                self._timer.start()
        self.paused_changed.emit(bool(self.holds))

    def _accepting(self) -> bool:
        if "speech_loading" in self.holds and not self.refusing:
            self.release_hold("speech_loading")
        return not self.paused

    def _forward(self, event: SessionEvent) -> None:
        self.event.emit(event)
        if event.type in (EventType.SESSION_ENDED, EventType.SESSION_CLOSED):
            self._timer.stop()
            self.finished.emit()

    def start(self) -> None:
        self.session.start()
        if not self.session.finished:
            self._timer.start()

    def tick(self) -> None:
        if not self.paused:
            self.session.tick()

    def say(self, text: str, source: str = "typed") -> None:
        if text.strip() and self._accepting():
            self.session.say(text, source=source)

    def say_spoken(self, text: str, pcm: bytes, rate: int, heard: str = "", confidence: float | None = None) -> None:
        """A spoken turn: ``text`` as sent (perhaps corrected), ``heard`` as recognised; then its audio beside the log.

        The log keeps both words, so an instructor sees what the recogniser made
        of the trainee and what the trainee meant.
        """
        if not text.strip() or not self._accepting():
            return
        from simulator.inputs import Say

        self.session.handle(Say(text, "speech", heard if heard and heard != text else "", confidence))
        if self.recorder is not None and pcm and not self.recorder.closed:
            self.recorder.save_audio(self.session.turn, pcm, rate)

    def choose(self, choice_id: str) -> None:
        if self._accepting():
            self.session.choose(choice_id)

    def act(self, action: str) -> None:
        if self._accepting():
            self.session.act(action)

    def refer(self, resource: str) -> None:
        if self._accepting():
            self.session.refer(resource)

    def pause(self) -> None:
        """The trainee's Pause button."""
        self.hold("trainee")

    def resume(self) -> None:
        self.release_hold("trainee")

    def end(self, reason: str = "") -> None:
        """The trainee ends the session early; ``reason`` says how (the End button, closing the window, ...)."""
        for hold in list(self.holds):
            self.release_hold(hold)
        self._timer.stop()
        if not self.session.finished:
            self.end_reason = reason
            if reason:
                self.session.quit(reason)
            else:
                self.session.quit()

    def elapsed(self) -> float:
        return self.session.elapsed() if self.session.started else 0.0

"""The person's voice in the app: lines synthesised in order on a worker thread, never on the caller's.

The app calls ``say()`` from the GUI thread and gets control back at once. The
worker synthesises each line and hands the finished ``Audio`` to ``on_audio``
(the app plays it through QtMultimedia). ``on_start(line_id)`` comes just
before that and ``on_done(line_id)`` once the line has been heard, so the app
can stop feeding the microphone while the person speaks; the two always come in
pairs, one line at a time, in the order the lines were said.

"Heard" depends on the player. With ``await_playback=True`` (the app) the
Speaker waits for the player to call ``finished(line_id)``, or for the audio's
duration plus ``playback_grace`` if that never comes (a dead audio device must
not keep the microphone off for good). With ``await_playback=False`` the line is
done when ``on_audio`` returns (a blocking player, or no player at all).

All callbacks run on the worker thread: a Qt app forwards them with queued
signals and touches no widget in them. The next line is synthesised while the
current one plays, so back-to-back lines follow without a gap.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from simulator import spare_threads
from simulator.speech.synth import Audio, Synthesizer
from simulator.voices import VoiceSettings

log = logging.getLogger(__name__)

LineCallback = Callable[[str], None]


@dataclass(frozen=True)
class LineTiming:
    """How long one line took: ``latency`` is from say() to its audio being ready."""

    line_id: str
    said_at: float
    ready_at: float
    synth_seconds: float
    audio_seconds: float

    @property
    def latency(self) -> float:
        return self.ready_at - self.said_at


@dataclass(frozen=True)
class _Line:
    line_id: str
    text: str
    settings: VoiceSettings
    generation: int
    said_at: float


class Speaker:
    """Speaks lines in order off the caller's thread; cancellable; every method is thread-safe."""

    def __init__(
        self,
        synthesizer: Synthesizer,
        on_audio: Callable[[str, Audio], None],
        *,
        on_start: LineCallback | None = None,
        on_done: LineCallback | None = None,
        on_error: Callable[[str, Exception], None] | None = None,
        await_playback: bool = False,
        playback_grace: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.synthesizer = synthesizer
        self._on_audio = on_audio
        self._on_start = on_start
        self._on_done = on_done
        self._on_error = on_error
        self._await_playback = await_playback
        self._grace = playback_grace
        self._clock = clock
        self._lock = threading.Lock()
        self._queue: queue.Queue[_Line | None] = queue.Queue()
        self._generation = 0
        self._timings: list[LineTiming] = []
        self._playing: str | None = None
        self._playing_generation = -1
        self._played = threading.Event()
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self._closed = False
        self._thread = spare_threads.start(self._run, f"speaker-{synthesizer.name}")  # never waits (spare_threads)

    # --- called from any thread (the GUI) ---

    def say(self, line_id: str, text: str, settings: VoiceSettings) -> None:
        """Queue a line and return at once."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the Speaker is closed")
            self._pending += 1
            line = _Line(line_id, text, settings, self._generation, self._clock())
        self._queue.put(line)

    def cancel(self) -> None:
        """Drop every queued line and stop waiting for the one playing (the app stops its player)."""
        with self._lock:
            self._generation += 1
        self._played.set()

    def wanted(self, line_id: str) -> bool:
        """True while ``line_id`` is the line being played and nobody has cancelled it since.

        A player on another thread gets ``on_audio`` through a queue, behind whatever the app did meanwhile: the
        trainee may have talked over the person (``cancel``) before the audio arrives. Such audio must not be
        played — the person stops when talked over — so the player asks first.
        """
        with self._lock:
            return self._playing == line_id and self._playing_generation == self._generation

    def finished(self, line_id: str) -> None:
        """The player reports that ``line_id`` has been played out (with ``await_playback``)."""
        with self._lock:
            if self._playing == line_id:
                self._played.set()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every line said so far is done or dropped (for tests and shutdown)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Cancel what is left and stop the worker."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self.cancel()
        self._queue.put(None)
        self._thread.join(timeout)

    @property
    def timings(self) -> list[LineTiming]:
        with self._lock:
            return list(self._timings)

    def first_audio_latency(self) -> float | None:
        """Seconds from say() to audio ready for the first line spoken, None before any."""
        timings = self.timings
        return timings[0].latency if timings else None

    # --- the worker thread ---

    def _current(self, line: _Line) -> bool:
        with self._lock:
            return line.generation == self._generation

    def _line_over(self) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def _run(self) -> None:
        while True:
            line = self._queue.get()
            if line is None:
                return
            try:
                self._speak(line)
            except Exception:  # a callback failing must not kill the voice for the rest of the session
                log.exception("speaker: line %s failed in a callback", line.line_id)
            finally:
                self._line_over()

    def _speak(self, line: _Line) -> None:
        if not self._current(line):
            return
        started = self._clock()
        try:
            audio = self.synthesizer.synthesize(line.text, line.settings)
        except Exception as exc:
            log.warning("speaker: %s could not say line %s: %s", self.synthesizer.name, line.line_id, exc)
            if self._on_error:
                self._on_error(line.line_id, exc)
            return
        ready = self._clock()
        with self._lock:
            self._timings.append(LineTiming(line.line_id, line.said_at, ready, ready - started, audio.duration))
            if line.generation != self._generation:
                return
            self._playing = line.line_id
            self._playing_generation = line.generation
            self._played.clear()
        try:
            if self._on_start:
                self._on_start(line.line_id)
            self._on_audio(line.line_id, audio)
            if self._await_playback:
                self._played.wait(audio.duration + self._grace)
        finally:
            with self._lock:
                self._playing = None
            if self._on_done:
                self._on_done(line.line_id)

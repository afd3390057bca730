"""Speech in for the app: recogniser loading off the GUI thread, the microphone, push-to-talk, and its states.

The listener's states and what moves between them (each one tested in
tests/ui/test_speech_states.py with the real recogniser and a virtual
microphone):

- ``off`` → ``loading`` (``load``) → ``ready`` or ``unavailable`` (no microphone,
  no engine, the microphone would not open). While loading, presses do nothing
  and the view says "you can type meanwhile".
- ``ready``: ``press`` starts an utterance (``listening`` true), ``release`` ends
  it and the final text arrives as ``heard`` (text, confidence, audio, rate).
- The person starts speaking: ``mute``. While the trainee holds the button the
  trainee has the floor (``mute`` returns False and the window stops the
  person's voice). Otherwise the microphone is muted until ``unmute``, so it
  never hears the person's voice from the speakers.
- A ``press`` while the person is speaking is speaking over them: ``barge_in``
  fires (the window stops the voice, as a person stops when talked over), the
  microphone unmutes, and the utterance starts.
- The engine fails mid-session: the listener is restarted over the same
  recogniser and the status says so; after ``MAX_RESTARTS`` it gives up plainly
  (``unavailable``, "type instead").

Recognisers are cached by engine, model and phrases, so a retry or a second
session of the same scenario does not load the model again (20–30 s on a slow
laptop, and the loading thread competes with the GUI for the interpreter).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from simulator.heard import confidence_of
from ui.microphone import Microphone
from ui.workers import run_in_background

if TYPE_CHECKING:
    from simulator.speech.recognition import RecognizerChoice

MAX_RESTARTS = 3
_CACHE: OrderedDict[tuple[str, str, tuple[str, ...]], RecognizerChoice] = OrderedDict()  # (engine, model, phrases) -> RecognizerChoice
CACHE_SIZE = 2


def _choose(preference: str | None, phrases: list[str], model: str) -> RecognizerChoice:
    """The engine choice: the speech policy (simulator.speech.policy), which also handles a model picked in Settings."""
    from simulator.speech.policy import choose_recognizer

    return choose_recognizer(preference, phrases, model)


class SpeechInput(QObject):
    """``state`` is one of off / loading / ready / unavailable; ``heard(text, confidence, pcm, rate)`` is an utterance."""

    status = Signal(str, str)  # state, message
    partial = Signal(str)
    heard = Signal(str, object, bytes, int)  # text, confidence (0–1 or None), 16-bit mono PCM, rate
    level = Signal(float)
    listening = Signal(bool)
    barge_in = Signal()  # the trainee started talking over the person
    _failed = Signal(str)  # from the listener's thread

    def __init__(self, engine: str = "auto", device_id: str = "", mode: str = "push_to_talk", model: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.model = model
        self.device_id = device_id
        self.mode = mode
        self.state = "off"
        self.message = ""
        self.engine_name = ""
        self._recognizer: Any = None
        self._listener: Any = None
        self._mic: Microphone | None = None
        self._pressed = False
        self._press_waiting = False  # pressed while the recogniser was still loading: listens once it is ready
        self._muted = False
        self._closed = False
        self.restarts = 0
        self.fallback_notes: list[str] = []
        self._failed.connect(self._listener_failed)

    def _set(self, state: str, message: str) -> None:
        self.state, self.message = state, message
        self.status.emit(state, message)

    # -- loading ----------------------------------------------------------------------
    def load(self, phrases: list[str]) -> None:
        """Start loading the recogniser (biased to ``phrases``); returns at once."""
        if self.engine == "off":
            self._set("unavailable", "Speech input is off (Settings). Type, or use the menu.")
            return
        from ui.microphone import input_devices

        if not input_devices():
            self._set("unavailable", "No microphone found (no input device or no sound server). Type, or use the menu; "
                                     "connect a microphone and run the pre-flight check to use your voice.")
            return
        preference = None if self.engine == "auto" else self.engine
        key = (self.engine, self.model, tuple(phrases))
        if key in _CACHE:
            _CACHE.move_to_end(key)
            cached = _CACHE[key]
            # At the next turn of the event loop, not now: opening the microphone waits for the sound server (up
            # to ~100 ms on a loaded machine), and ``load`` is called while the window builds a new session's view
            # (one GUI stall of both in the soak). A press in between waits for it (``press``).
            self._set("loading", "Starting speech recognition…")
            QTimer.singleShot(0, self, lambda: self._loaded(cached))
            return
        self._set("loading", "Loading speech recognition… you can type meanwhile.")
        model = self.model

        def done(choice: Any) -> None:
            if getattr(choice, "recognizer", None) is not None:
                _CACHE[key] = choice
                dropped = len(_CACHE) > CACHE_SIZE
                while len(_CACHE) > CACHE_SIZE:
                    _CACHE.popitem(last=False)
                if dropped:  # a model's worth of freed memory, kept by the allocator unless handed back
                    from ui.memory import return_freed_memory

                    return_freed_memory()
            self._loaded(choice)

        def failed(message: str) -> None:
            if not self._closed:
                self._set("unavailable", f"Speech recognition failed to load: {message}. Type instead.")

        run_in_background(lambda: _choose(preference, phrases, model), done, failed)

    def _loaded(self, choice: Any) -> None:
        if self._closed:
            return
        recognizer = getattr(choice, "recognizer", None)
        if recognizer is None:
            problems = "; ".join(getattr(choice, "problems", []))
            self._set("unavailable", f"No speech recogniser could start ({problems}). Type, or use the menu.")
            return
        self._recognizer = recognizer
        self.engine_name = getattr(getattr(recognizer, "info", None), "name", type(recognizer).__name__)
        self.fallback_notes = list(getattr(choice, "problems", []))
        self._start_listening()

    def _start_listening(self) -> None:
        from simulator.speech.listener import Listener

        self._listener = Listener(self._recognizer, self._on_final, on_partial=self.partial.emit, on_level=self.level.emit, mode=self.mode,
                                  on_error=self._failed.emit)
        self._mic = Microphone(self._listener.feed, self.device_id or None, self)
        problems: list[str] = []
        self._mic.unavailable.connect(problems.append)
        if not self._mic.start():
            self._set("unavailable", (problems[0] if problems else "The microphone could not be opened.") + " You can type or use the menu.")
            return
        if self._muted:
            self._listener.mute()
        how = "speak any time" if self.mode == "hands_free" else "hold Space or the Talk button while you speak"
        notes = f" (Fell back: {'; '.join(self.fallback_notes)}.)" if self.fallback_notes and self.engine != "auto" else ""
        self._set("ready", f"Listening with {self.engine_name}: {how}.{notes}")
        if self._press_waiting:  # still held: the talk that began while loading starts now
            self._press_waiting = False
            self.press()

    # -- failures -----------------------------------------------------------------------
    def _listener_failed(self, message: str) -> None:
        """The engine raised in the listener's thread: restart it, say so, and give up plainly if it keeps failing."""
        if self._closed or self._recognizer is None:
            return
        was_pressed = self._pressed
        self._stop()
        if was_pressed:
            self.listening.emit(False)
        self.restarts += 1
        if self.restarts > MAX_RESTARTS:
            self._set("unavailable", f"Speech recognition keeps failing ({message}). Type, or use the menu; the pre-flight check can test it.")
            return
        self._start_listening()
        if self.state == "ready":
            self._set("ready", f"Speech recognition had a problem ({message}) and was restarted; say that again, or type.")

    # -- the listener's results ----------------------------------------------------------
    def _on_final(self, utterance: Any) -> None:  # the listener's thread; signals queue to the GUI thread
        if self._closed or self._listener is None:  # a listener stopped (not waited for) finishing its last utterance
            return
        text = utterance.transcript.text.strip()
        if text:
            rate = self._recognizer.info.sample_rate
            self.heard.emit(text, confidence_of(utterance.transcript), utterance.audio, rate)

    # -- transitions ------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self.state == "ready" and self._listener is not None

    @property
    def pressed(self) -> bool:
        return self._pressed

    @property
    def muted(self) -> bool:
        return self._muted

    def press(self) -> None:
        """Push-to-talk pressed (or Space held). Over the person's voice, this is talking over them.

        Pressed while the recogniser is still loading, the press waits: if it is still held when the recogniser is
        ready, listening starts then (what was said before that is not heard; the screen says "loading" meanwhile).
        """
        if self.state == "loading" and not self._closed:
            self._press_waiting = True
            return
        if not self.ready or self._pressed:
            return
        if self._muted:
            self.barge_in.emit()  # the window stops the voice; the person yields
            self.unmute()
        if self.mode != "push_to_talk":
            return  # hands-free listens on its own once unmuted
        self._pressed = True
        self._listener.press()
        self.listening.emit(True)

    def release(self) -> None:
        self._press_waiting = False
        if self._pressed and self._listener is not None:
            self._pressed = False
            self._listener.release()
            self.listening.emit(False)

    def set_mode(self, mode: str) -> None:
        """Switch push-to-talk / hands-free (a new Listener over the same recogniser)."""
        if mode == self.mode:
            return
        self.mode = mode
        if self._recognizer is not None and not self._closed:
            self._stop()
            self._start_listening()

    def mute(self) -> bool:
        """The person starts speaking. Returns False when the trainee holds the floor (pressed): the caller stops the voice."""
        if self._pressed:
            return False
        self._muted = True
        if self._listener is not None:
            self._listener.mute()
        return True

    def unmute(self) -> None:
        self._muted = False
        if self._listener is not None:
            self._listener.unmute()

    def _stop(self) -> None:
        if self._mic is not None:
            self._mic.stop()
            self._mic.deleteLater()  # a restart or a mode switch makes a new one: the old must not pile up under self
            self._mic = None
        if self._listener is not None:
            # Not waited for: the GUI thread joining a listener that is in the middle of a decode (or waiting for the
            # built-in recogniser's process to start) stalled the window for seconds in the soak. It stops after
            # that call; what it hears meanwhile is dropped (_on_final).
            listener, self._listener = self._listener, None
            listener.close(wait=False)
        self._pressed = False
        self._press_waiting = False

    def close(self) -> None:
        """Stop listening for good and let the recogniser go (the cache keeps the few worth keeping): a closed
        SpeechInput that something still references must not hold a model of hundreds of MB."""
        self._closed = True
        self._stop()
        self._recognizer = None

"""The trainee's voice: recogniser loaded in the background, microphone → Listener → text signals.

Loading a recogniser takes ~1 s (PocketSphinx, its language model cached; ~5 s
the first time a scenario's phrases are new to it) or more (Vosk), so it runs
on the thread pool and the session is usable by typing meanwhile. The
Listener's callbacks come on its worker thread and are re-emitted as Qt
signals. ``mute()`` while the person speaks: the microphone is then never fed
to the recogniser.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ui.microphone import Microphone
from ui.workers import run_in_background


class SpeechInput(QObject):
    """``state`` is one of loading / ready / unavailable; ``final(text)`` is a recognised utterance."""

    status = Signal(str, str)  # state, message
    partial = Signal(str)
    final = Signal(str)
    utterance = Signal(str, bytes, int)  # text, 16-bit mono PCM, rate: for the session recording
    level = Signal(float)
    listening = Signal(bool)

    def __init__(self, engine: str = "auto", device_id: str = "", mode: str = "push_to_talk", model: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.model = model
        self.device_id = device_id
        self.mode = mode
        self.state = "off"
        self.message = ""
        self.engine_name = ""
        self._recognizer = None
        self._listener = None
        self._mic: Microphone | None = None
        self._pressed = False
        self._closed = False
        self.fallback_notes: list[str] = []

    def _set(self, state: str, message: str) -> None:
        self.state, self.message = state, message
        self.status.emit(state, message)

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
        self._set("loading", "Loading speech recognition… you can type meanwhile.")
        preference = None if self.engine == "auto" else self.engine

        model = self.model

        def load() -> object:
            from simulator.speech.recognizer import EngineUnavailable, RecognizerChoice, choose_recognizer, make_recognizer

            problems = []
            if model and preference in (None, "vosk"):  # a model picked in Settings
                from simulator.speech.models import find_model

                path = find_model(model)
                try:
                    if path is None:
                        raise EngineUnavailable(f"the model '{model}' is not installed (or is damaged)")
                    return RecognizerChoice(make_recognizer("vosk", phrases, path))
                except EngineUnavailable as exc:
                    problems.append(f"vosk: {exc}")
            choice = choose_recognizer(preference, phrases)
            choice.problems[:0] = problems
            return choice

        run_in_background(load, self._loaded, lambda msg: self._set("unavailable", f"Speech recognition failed to load: {msg}. Type instead."))

    def _loaded(self, choice: object) -> None:
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

        self._listener = Listener(self._recognizer, self._on_final, on_partial=self.partial.emit, on_level=self.level.emit, mode=self.mode)
        self._mic = Microphone(self._listener.feed, self.device_id or None, self)
        problems: list[str] = []
        self._mic.unavailable.connect(problems.append)
        if not self._mic.start():
            self._set("unavailable", (problems[0] if problems else "The microphone could not be opened.") + " You can type or use the menu.")
            return
        how = "speak any time" if self.mode == "hands_free" else "hold Space or the Talk button while you speak"
        notes = f" (Fell back: {'; '.join(self.fallback_notes)}.)" if self.fallback_notes and self.engine != "auto" else ""
        self._set("ready", f"Listening with {self.engine_name}: {how}.{notes}")

    def _on_final(self, utterance: object) -> None:  # the listener's thread
        text = utterance.transcript.text.strip()  # type: ignore[attr-defined]
        if text:
            self.final.emit(text)
            self.utterance.emit(text, utterance.audio, self._recognizer.info.sample_rate)  # type: ignore[attr-defined]

    @property
    def ready(self) -> bool:
        return self.state == "ready" and self._listener is not None

    def press(self) -> None:
        if self.ready and self.mode == "push_to_talk" and not self._pressed:
            self._pressed = True
            self._listener.press()
            self.listening.emit(True)

    def release(self) -> None:
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

    def mute(self) -> None:
        if self._listener is not None:
            self._listener.mute()

    def unmute(self) -> None:
        if self._listener is not None:
            self._listener.unmute()

    def _stop(self) -> None:
        if self._mic is not None:
            self._mic.stop()
            self._mic = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._pressed = False

    def close(self) -> None:
        self._closed = True
        self._stop()

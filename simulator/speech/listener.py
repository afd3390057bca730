"""The trainee's microphone, turned into utterances: endpointing plus recognition, off the caller's thread.

The app's audio capture (Qt) hands raw chunks to ``Listener.feed`` and never
waits: a worker thread finds where speech starts and ends (hands-free) or
follows the push-to-talk button, streams the audio to the recogniser, and
reports partial text, the final transcript, the level and the timings through
callbacks. While the person is speaking the listener is muted, so the
trainee's microphone never hears the simulated person.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from simulator import spare_threads
from simulator.speech.endpoint import EndpointConfig, Endpointer, level_db
from simulator.speech.recognition import RecognitionStream, Recognizer, Transcript

PRE_ROLL_SECONDS = 0.3  # audio kept from just before speech started, so first syllables are not lost


@dataclass(frozen=True)
class Utterance:
    transcript: Transcript
    audio: bytes  # 16 kHz mono PCM of what was recognised (for the recorder)
    ended_by: str  # "endpoint" | "release"
    waited_silence_ms: int  # hands-free: the silence waited before deciding the utterance ended
    final_ms: float  # from the end decision (or the button release) to the final text


class Listener:
    """Feed it audio; it calls ``on_partial``, ``on_final`` and ``on_level``. Thread-safe."""

    def __init__(
        self,
        recognizer: Recognizer,
        on_final: Callable[[Utterance], None],
        on_partial: Callable[[str], None] | None = None,
        on_level: Callable[[float], None] | None = None,
        mode: str = "push_to_talk",
        endpoint: EndpointConfig | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        if mode not in ("push_to_talk", "hands_free"):
            raise ValueError(f"unknown listening mode '{mode}'")
        self.recognizer = recognizer
        self.mode = mode
        self.on_final = on_final
        self.on_partial = on_partial or (lambda text: None)
        self.on_level = on_level or (lambda db: None)
        self.on_error = on_error or (lambda message: None)
        self.failures = 0  # utterances lost to an engine error (the listener itself carries on)
        self._endpoint_config = endpoint or EndpointConfig(sample_rate=recognizer.info.sample_rate)
        self._queue: queue.Queue[tuple[str, bytes | float]] = queue.Queue()
        self._muted = threading.Event()
        self._stop = threading.Event()
        self._thread = spare_threads.start(self._run, "listener")  # made on the GUI thread when speech is ready: never waits (spare_threads)

    # -- called from any thread -------------------------------------------------
    def feed(self, pcm: bytes) -> None:
        """Audio from the microphone (16-bit mono at the recogniser's rate). Never blocks."""
        if not self._muted.is_set():
            self._queue.put(("audio", pcm))

    def press(self) -> None:
        """Push-to-talk pressed: an utterance starts now."""
        self._queue.put(("press", time.perf_counter()))

    def release(self) -> None:
        """Push-to-talk released: the utterance ends now."""
        self._queue.put(("release", time.perf_counter()))

    def mute(self) -> None:
        """The person is speaking: drop microphone audio (and any utterance in progress)."""
        self._muted.set()
        self._queue.put(("cancel", 0.0))

    def unmute(self) -> None:
        self._muted.clear()

    @property
    def muted(self) -> bool:
        return self._muted.is_set()

    def close(self, wait: bool = True) -> None:
        """Stop the worker. ``wait=False`` (the GUI thread): do not wait for it to finish the call it is in (a
        recogniser still loading or decoding in its own process can take seconds); it stops after that call."""
        self._stop.set()
        self._queue.put(("stop", 0.0))
        if wait:
            self._thread.join(timeout=5)

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until everything fed so far has been processed (tests, benchmarks)."""
        done = threading.Event()
        self._queue.put(("mark", done))  # type: ignore[arg-type]
        done.wait(timeout)

    # -- the worker ---------------------------------------------------------------
    def _run(self) -> None:
        """The worker: an engine error loses one utterance, never the listener (it reports and carries on)."""
        while not self._stop.is_set():
            try:
                self._loop()
                return
            except Exception as exc:  # an engine that raises must not leave the trainee talking to a dead microphone
                self.failures += 1
                self.on_error(f"{type(exc).__name__}: {exc}")

    @staticmethod
    def _discard(stream: RecognitionStream | None) -> None:
        """Close an utterance nobody wants (muted, cancelled): engines keep one utterance open at a time."""
        if stream is not None:
            # the stream is being thrown away; a failure to close it cleanly changes nothing
            with contextlib.suppress(Exception):
                stream.finish()

    def _loop(self) -> None:
        stream: RecognitionStream | None = None
        endpointer = Endpointer(self._endpoint_config)
        pressed = False
        audio = bytearray()
        pre_roll = bytearray()
        pre_bytes = int(2 * self.recognizer.info.sample_rate * PRE_ROLL_SECONDS)
        while not self._stop.is_set():
            kind, value = self._queue.get()
            if kind == "stop":
                break
            if kind == "mark":
                value.set()  # type: ignore[union-attr]
                continue
            if kind == "cancel":
                self._discard(stream)
                stream, pressed, audio = None, False, bytearray()
                endpointer = Endpointer(self._endpoint_config)
                continue
            if kind == "press" and self.mode == "push_to_talk":
                self._discard(stream)  # a press without a release (focus lost mid-press) must not leave it open
                stream = None
                stream, pressed, audio = self.recognizer.stream(), True, bytearray()
                continue
            if kind == "release" and self.mode == "push_to_talk":
                if stream is not None:
                    self._finish(stream, bytes(audio), "release", 0, float(value))
                stream, pressed = None, False
                continue
            if kind != "audio":
                continue
            pcm: bytes = value  # type: ignore[assignment]
            self.on_level(level_db(pcm))
            if self.mode == "push_to_talk":
                if pressed and stream is not None:
                    audio += pcm
                    self._partial(stream.accept(pcm))
                continue
            for event in endpointer.feed(pcm):
                if event.kind == "start":
                    self._discard(stream)
                    stream, audio = self.recognizer.stream(), bytearray(pre_roll)
                    self._partial(stream.accept(bytes(pre_roll)))
                elif event.kind == "end" and stream is not None:
                    audio += pcm
                    stream.accept(pcm)
                    self._finish(stream, bytes(audio), "endpoint", event.waited_ms, time.perf_counter())
                    stream = None
            if stream is not None and endpointer.in_speech:
                audio += pcm
                self._partial(stream.accept(pcm))
            pre_roll = (pre_roll + pcm)[-pre_bytes:]

    def _partial(self, text: str | None) -> None:
        if text:
            self.on_partial(text)

    def _finish(self, stream: RecognitionStream, audio: bytes, ended_by: str, waited: int, decided_at: float) -> None:
        transcript = stream.finish()
        final_ms = (time.perf_counter() - decided_at) * 1000
        self.on_final(Utterance(transcript, audio, ended_by, waited, final_ms))

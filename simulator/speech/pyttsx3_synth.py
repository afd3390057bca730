"""The portable engine: pyttsx3 (SAPI5 on Windows, NSSpeech on macOS, eSpeak on Linux).

pyttsx3 is fragile in ways measured on these machines (shared/PLATFORM.md), and
each rule below answers one of them:

* The engine must be created and driven on one thread, and is held by a weak
  reference: it lives on one dedicated worker thread per process, which keeps a
  strong reference and runs every call.
* Property changes get lost between utterances. The cause on Linux (read from
  pyttsx3 2.99): eSpeak applies ``setProperty`` asynchronously through its
  command queue, and ``runAndWait`` starts by calling ``stop()``, which cancels
  that queue — and with it the rate and volume just set. So voice, rate, volume
  (and pitch where the driver has it) are set before every line; on the eSpeak
  driver we then wait for eSpeak's queue to drain (``espeak_IsPlaying``) and
  read every value back before rendering, retrying if one did not take.
* ``runAndWait`` with nothing queued speaks the previous text again: it is only
  ever called right after ``save_to_file``.
* ``say`` shells out to ``aplay``: we never call it. ``save_to_file`` +
  ``runAndWait`` renders to a temporary file instead, which works headless, and
  the app plays the result with QtMultimedia.
* The eSpeak driver prints "Audio saved to ..." on stdout from its callback
  thread; that one line is filtered out while a line renders.
"""

from __future__ import annotations

import atexit
import ctypes
import importlib.util
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any, TypeVar

from simulator.speech.synthesis import Audio, AudioFileError, SynthesisError
from simulator.voices import VoiceSettings

T = TypeVar("T")
RATE, VOLUME, PITCH = 1, 2, 3  # espeak_PARAMETER
WARM_UP = VoiceSettings("en", None, "en", None, 175.0, 50.0, 50.0, 1.0)
_LANGUAGE_NAMES = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "it": "italian", "pt": "portuguese", "nl": "dutch"}


def install_hint() -> str:
    if sys.platform.startswith("win"):
        return "reinstall it with its Windows dependencies: .venv\\Scripts\\pip install --force-reinstall pyttsx3"
    if sys.platform == "darwin":
        return "reinstall it with its macOS dependencies: .venv/bin/pip install --force-reinstall pyttsx3"
    return "pyttsx3 drives eSpeak on Linux: sudo apt-get install libespeak-ng1"


def _languages(voice: Any) -> list[str]:
    out = []
    for lang in getattr(voice, "languages", None) or []:
        if isinstance(lang, bytes):
            lang = lang.decode("utf-8", "ignore").lstrip("\x05")
        out.append(str(lang).lower().replace("_", "-"))
    return out


def nearest_voice(voices: list[Any], settings: VoiceSettings) -> Any | None:
    """The installed voice closest to the profile: its eSpeak name, then language, then gender.

    pyttsx3 voices carry ``id``, ``name``, ``languages`` and ``gender``; drivers fill
    them unevenly (SAPI5 gives no languages, only a name like "Microsoft Zira
    Desktop - English (United States)"), so the name counts as a weak language hint.
    """
    lang = settings.language.lower().replace("_", "-")
    primary = lang.split("-")[0]
    base = settings.base_voice.lower()

    def score(voice: Any) -> tuple[int, int, int]:
        vid = str(voice.id).lower()
        langs = _languages(voice)
        name = str(getattr(voice, "name", "") or "").lower()
        by_name = 1 if vid == base or vid.endswith("/" + base) else 0
        if lang in langs:
            by_lang = 3
        elif any(x.split("-")[0] == primary for x in langs):
            by_lang = 2
        elif _LANGUAGE_NAMES.get(primary, "\0") in name:
            by_lang = 1
        else:
            by_lang = 0
        gender = str(getattr(voice, "gender", "") or "").lower()
        by_gender = 1 if settings.gender and gender == settings.gender else 0
        return (by_lang, by_name, by_gender)

    return max(voices, key=score, default=None)


class _DropSavedNotice:
    """stdout that swallows pyttsx3's "Audio saved to ..." line and passes everything else."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._skip_newline: set[int] = set()

    def write(self, text: str) -> int:
        tid = threading.get_ident()
        if text.startswith("Audio saved to "):
            self._skip_newline.add(tid)
            return len(text)
        if tid in self._skip_newline:
            self._skip_newline.discard(tid)
            if text == "\n":
                return len(text)
        written: int = self._stream.write(text)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    original = sys.stdout
    sys.stdout = _DropSavedNotice(original)
    try:
        yield
    finally:
        if isinstance(sys.stdout, _DropSavedNotice):
            sys.stdout = original


class _Engine:
    """The pyttsx3 engine and everything it needs; created and used on the worker thread only."""

    def __init__(self) -> None:
        import pyttsx3

        self.engine = pyttsx3.init()  # the strong reference pyttsx3 itself does not keep
        self.driver = str(getattr(self.engine, "driver_name", "") or "")
        self.folder = tempfile.mkdtemp(prefix="deescalate-pyttsx3-")
        atexit.register(shutil.rmtree, self.folder, True)  # the worker is a daemon thread: it never gets to close()
        self.finished = threading.Event()
        self.completed = False
        self.engine.connect("finished-utterance", self._on_finished)
        self.voices = list(self.engine.getProperty("voices") or [])
        self._espeak: Any = None
        self._get_parameter: Callable[[int, int], int] | None = None
        if self.driver == "espeak":
            from pyttsx3.drivers import _espeak

            self._espeak = _espeak
            # pyttsx3 declares espeak_GetParameter with one argument; the C function takes two.
            self._get_parameter = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int, ctypes.c_int)(("espeak_GetParameter", _espeak.dll))
        self.applied: dict[str, Any] = {}
        # The driver proxy starts "busy" and only queues setProperty until the first
        # runAndWait; one real line brings it to its steady state and proves it works.
        self.render("Ready.", WARM_UP, verify=False)

    def _on_finished(self, **kwargs: Any) -> None:  # called on eSpeak's own thread
        self.completed = bool(kwargs.get("completed", True))
        self.finished.set()

    def voice_id(self, settings: VoiceSettings) -> str | None:
        voice = nearest_voice(self.voices, settings)
        if voice is None:
            return None
        if self.driver == "espeak" and settings.variant:
            return f"{voice.id}+{settings.variant}"
        return str(voice.id)

    def wanted(self, settings: VoiceSettings) -> dict[str, Any]:
        props: dict[str, Any] = {"voice": self.voice_id(settings), "rate": round(settings.rate), "volume": round(max(0.0, min(1.0, settings.volume)), 2)}
        if self.driver == "espeak":
            props["pitch"] = round(settings.pitch)
        return props

    def _apply(self, props: dict[str, Any], verify: bool) -> bool:
        """Set every property (voice first: changing voice can reset the others); True if verified."""
        for key in ("voice", "rate", "volume", "pitch"):
            if key in props and props[key] is not None:
                self.engine.setProperty(key, props[key])
        if not verify or self._espeak is None or self._get_parameter is None:
            return True  # SAPI5/NSSpeech apply synchronously and have no queue to lose them in
        # Let eSpeak's command queue apply them before runAndWait's stop() can cancel them.
        # (espeak_Synchronize does the same but polls every 20 ms; this costs ~1 ms.)
        deadline = time.monotonic() + 2.0
        while self._espeak.IsPlaying() and time.monotonic() < deadline:
            time.sleep(0.001)
        got = {"rate": self._get_parameter(RATE, 1), "volume": self._get_parameter(VOLUME, 1), "pitch": self._get_parameter(PITCH, 1)}
        expected = {"rate": props["rate"], "volume": int(round(props["volume"] * 100, 2)), "pitch": props["pitch"]}
        self.applied = got
        return got == expected

    def render(self, text: str, settings: VoiceSettings, verify: bool = True) -> Audio:
        props = self.wanted(settings)
        path = os.path.join(self.folder, "line.aiff" if self.driver == "nsss" else "line.wav")  # Apple writes AIFF
        problem = "no attempt"
        for _attempt in range(3):
            if not self._apply(props, verify):
                problem = f"eSpeak did not take the settings (asked {props}, has {self.applied})"
                continue
            if os.path.exists(path):
                os.remove(path)
            self.finished.clear()
            self.completed = False
            self.engine.save_to_file(text, path)  # always queued right before runAndWait
            with _quiet_stdout():
                self.engine.runAndWait()
                # eSpeak reports the end (file written) from its own thread, after runAndWait may
                # have returned. SAPI5 writes the file inside runAndWait, and NSSpeech's runAndWait
                # returns only after it has finished, so there is nothing more to wait for there.
                if self.driver == "espeak" and not (self.finished.wait(30.0) and self.completed):
                    problem = "the eSpeak driver cancelled the line"
                    continue
            if os.path.exists(path) and os.path.getsize(path) > 0:
                try:
                    audio = Audio.from_file(path)
                except AudioFileError as exc:
                    raise SynthesisError(f"pyttsx3 ({self.driver}) wrote audio that cannot be read: {exc}") from None
                finally:
                    os.remove(path)
                return audio
            problem = f"pyttsx3 ({self.driver}) wrote no audio file"
        raise SynthesisError(f"pyttsx3 failed 3 times on a line: {problem}")

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class _Worker:
    """The one thread pyttsx3 lives on, for the whole process (eSpeak initialises once per process)."""

    _instance: _Worker | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.ready: Future[str] = Future()
        self._jobs: queue.Queue[tuple[Callable[[_Engine], Any], Future[Any]] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="pyttsx3-worker", daemon=True)
        self._thread.start()

    @classmethod
    def get(cls) -> _Worker:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def _run(self) -> None:
        try:
            engine = _Engine()
        except BaseException as exc:  # pyttsx3 raises bare RuntimeError/OSError/ImportError by platform
            self.ready.set_exception(exc)
            return
        self.ready.set_result(engine.driver)
        while True:
            job = self._jobs.get()
            if job is None:
                engine.close()
                return
            fn, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(engine))
            except BaseException as exc:
                future.set_exception(exc)

    def submit(self, fn: Callable[[_Engine], T]) -> Future[T]:
        future: Future[T] = Future()
        self._jobs.put((fn, future))
        return future


class Pyttsx3Synth:
    """pyttsx3 with every property set, and on eSpeak verified, before every line."""

    name = "pyttsx3"

    def __init__(self, start_timeout: float = 20.0) -> None:
        self.start_timeout = start_timeout

    def available(self) -> tuple[bool, str]:
        if importlib.util.find_spec("pyttsx3") is None:
            return False, "pyttsx3 is not installed: .venv/bin/pip install pyttsx3"
        worker = _Worker.get()
        try:
            driver = worker.ready.result(timeout=self.start_timeout)
        except TimeoutError:
            return False, f"pyttsx3 did not start within {self.start_timeout:.0f} s — {install_hint()}"
        except BaseException as exc:
            return False, f"pyttsx3 could not start ({type(exc).__name__}: {exc}) — {install_hint()}"
        return True, f"pyttsx3 with the {driver} driver"

    def _call(self, fn: Callable[[_Engine], T], timeout: float) -> T:
        ok, why = self.available()
        if not ok:
            raise SynthesisError(f"pyttsx3 is not available: {why}")
        try:
            return _Worker.get().submit(fn).result(timeout=timeout)
        except TimeoutError:
            raise SynthesisError(f"pyttsx3 did not finish within {timeout:.0f} s") from None

    def synthesize(self, text: str, settings: VoiceSettings) -> Audio:
        if not text.strip():
            return Audio(b"", 22050)
        return self._call(lambda engine: engine.render(text, settings), timeout=60.0 + 0.1 * len(text))

    def describe(self, settings: VoiceSettings) -> str:
        def render(engine: _Engine) -> str:
            props = engine.wanted(settings)
            text = f"voice {props['voice']} rate {props['rate']} wpm volume {props['volume']:.2f}"
            if "pitch" in props:
                return text + f" pitch {props['pitch']} (range {round(settings.range)} not settable through pyttsx3)"
            return text + f" (pitch, range and variant not settable through {engine.driver})"

        return self._call(render, timeout=10.0)

"""The direct eSpeak NG engine: libespeak-ng through ctypes, or the ``espeak-ng`` command.

Why not only pyttsx3: on Linux pyttsx3 drives the same library asynchronously
and loses rate/volume changes between utterances (shared/PLATFORM.md). Called
directly in synchronous mode the library renders a line in 2–20 ms, applies
every parameter before each line, and lets us read each one back to prove it.

Two ways in, best first:

* library — ``libespeak-ng`` in synchronous mode: voice, rate, pitch, pitch
  range and volume are set and read back before every line.
* command — ``espeak-ng -v VOICE -s RATE -p PITCH -a AMPLITUDE -w FILE``: used
  when the library cannot be loaded. The command has no pitch-range option, so
  **range is ignored on this path** (``describe`` says so).

libespeak-ng keeps one global state per process. pyttsx3's eSpeak driver puts
that state in asynchronous mode with its own callback, and two users of one
instance break each other (measured: pyttsx3's second utterance hangs). So on
Linux this engine loads a private copy of the library (copied to a temporary
file, opened with RTLD_DEEPBIND, then deleted); pyttsx3 keeps the system one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from simulator.speech.synthesis import Audio, AudioFileError, SynthesisError
from simulator.voices import VoiceSettings

# espeak_PARAMETER values (speak_lib.h)
RATE, VOLUME, PITCH, RANGE = 1, 2, 3, 4
POS_CHARACTER = 1
CHARS_UTF8, ENDPAUSE = 0x1, 0x1000
ENOUTPUT_MODE_SYNCHRONOUS = 0x0001
SONAME = "libespeak-ng.so.1"

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


def espeak_voice(settings: VoiceSettings) -> str:
    """eSpeak's voice name: the base voice plus ``+variant`` when the profile has one."""
    return f"{settings.base_voice}+{settings.variant}" if settings.variant else settings.base_voice


def amplitude(volume: float) -> int:
    """Volume 0..1 to eSpeak amplitude 0..200 (100 is eSpeak's default; it compresses above ~150)."""
    return round(max(0.0, min(1.0, volume)) * 200)


def install_hint() -> str:
    if sys.platform.startswith("win"):
        return "install eSpeak NG from https://github.com/espeak-ng/espeak-ng/releases (the .msi)"
    if sys.platform == "darwin":
        return "install espeak-ng: brew install espeak-ng"
    return "install espeak-ng: sudo apt-get install espeak-ng"


class _Library:
    """One private, synchronous libespeak-ng instance for the whole process (guarded by a lock)."""

    _instance: _Library | None = None
    _error: str | None = None
    _create_lock = threading.Lock()

    def __init__(self, dll: ctypes.CDLL) -> None:
        self.lock = threading.Lock()
        self.dll = dll
        self._chunks: list[bytes] = []
        self._callback = _CALLBACK(self._on_synth)  # keep a reference: ctypes does not
        d = dll
        d.espeak_ng_InitializePath.argtypes = [ctypes.c_char_p]
        d.espeak_ng_InitializePath.restype = None
        d.espeak_ng_Initialize.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        d.espeak_ng_Initialize.restype = ctypes.c_int
        d.espeak_ng_InitializeOutput.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p]
        d.espeak_ng_InitializeOutput.restype = ctypes.c_int
        d.espeak_ng_GetSampleRate.restype = ctypes.c_int
        d.espeak_ng_GetStatusCodeMessage.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t]
        d.espeak_ng_GetStatusCodeMessage.restype = None
        d.espeak_Info.argtypes = [ctypes.c_void_p]
        d.espeak_Info.restype = ctypes.c_char_p
        d.espeak_SetSynthCallback.argtypes = [_CALLBACK]
        d.espeak_SetSynthCallback.restype = None
        d.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        d.espeak_SetVoiceByName.restype = ctypes.c_int
        d.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        d.espeak_SetParameter.restype = ctypes.c_int
        d.espeak_GetParameter.argtypes = [ctypes.c_int, ctypes.c_int]
        d.espeak_GetParameter.restype = ctypes.c_int
        d.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.POINTER(ctypes.c_uint),
            ctypes.c_void_p,
        ]
        d.espeak_Synth.restype = ctypes.c_int

        d.espeak_ng_InitializePath(None)
        status = d.espeak_ng_Initialize(ctypes.byref(ctypes.c_void_p()))
        if status == 0:
            status = d.espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, None)
        if status != 0:
            raise OSError(f"libespeak-ng could not start: {self._message(status)}")
        self.rate = d.espeak_ng_GetSampleRate()
        self.version = (d.espeak_Info(None) or b"?").decode("ascii", "replace")
        d.espeak_SetSynthCallback(self._callback)

    def _message(self, status: int) -> str:
        buf = ctypes.create_string_buffer(512)
        self.dll.espeak_ng_GetStatusCodeMessage(status, buf, len(buf))
        return buf.value.decode("utf-8", "replace") or f"status 0x{status:x}"

    def _on_synth(self, wav: ctypes._Pointer[ctypes.c_short], numsamples: int, _events: int) -> int:
        if numsamples > 0:
            self._chunks.append(ctypes.string_at(wav, numsamples * 2))
        return 0  # 0 = carry on

    @classmethod
    def get(cls) -> _Library:
        """The process's instance; OSError (with the reason) if it cannot be had."""
        with cls._create_lock:
            if cls._instance is None and cls._error is None:
                try:
                    cls._instance = cls(_open_private())
                except (OSError, AttributeError) as exc:
                    cls._error = str(exc)
            if cls._instance is None:
                raise OSError(cls._error)
            return cls._instance

    def synthesize(self, text: str, settings: VoiceSettings) -> Audio:
        wanted = {RATE: round(settings.rate), VOLUME: amplitude(settings.volume), PITCH: round(settings.pitch), RANGE: round(settings.range)}
        voice = espeak_voice(settings)
        with self.lock:
            # Everything is set again for this line, then read back: nothing carries over.
            if self.dll.espeak_SetVoiceByName(voice.encode("utf-8")) != 0:
                raise SynthesisError(f"espeak-ng has no voice '{voice}' — `espeak-ng --voices` lists them; fix base_voice/variant in the profile")
            for param, value in wanted.items():
                self.dll.espeak_SetParameter(param, value, 0)
            got = {param: self.dll.espeak_GetParameter(param, 1) for param in wanted}
            if got != wanted:
                raise SynthesisError(f"libespeak-ng did not take the settings (asked {wanted}, has {got})")
            self._chunks = []
            data = text.encode("utf-8") + b"\0"
            status = self.dll.espeak_Synth(data, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8 | ENDPAUSE, None, None)
            chunks, self._chunks = self._chunks, []
        if status != 0:
            raise SynthesisError(f"libespeak-ng failed on the line: {self._message(status)}")
        return Audio(b"".join(chunks), self.rate)


def _library_path() -> str | None:
    """Where the system libespeak-ng is (after loading it by name, on Linux from /proc/self/maps)."""
    if sys.platform.startswith("win"):
        for base in (os.environ.get("PROGRAMFILES", r"C:\Program Files"), os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")):
            candidate = Path(base) / "eSpeak NG" / "libespeak-ng.dll"
            if candidate.exists():
                return str(candidate)
        return ctypes.util.find_library("libespeak-ng")
    if sys.platform == "darwin":
        for candidate in ("/opt/homebrew/lib/libespeak-ng.dylib", "/usr/local/lib/libespeak-ng.dylib"):
            if Path(candidate).exists():
                return candidate
        return ctypes.util.find_library("espeak-ng")
    ctypes.CDLL(SONAME)  # OSError if it is not installed
    maps = Path("/proc/self/maps")
    if maps.exists():
        for line in maps.read_text().splitlines():
            path = line.split(maxsplit=5)[-1]
            if "/libespeak-ng.so" in path and Path(path).exists():
                return path
    found = ctypes.util.find_library("espeak-ng")
    return found if found and os.path.isabs(found) else None


def _open_private() -> ctypes.CDLL:
    """Load libespeak-ng for this engine alone (see the module docstring for why)."""
    path = _library_path()
    if path is None:
        raise OSError(f"libespeak-ng was not found ({install_hint()})")
    if sys.platform.startswith(("win", "darwin")):
        return ctypes.CDLL(path)  # pyttsx3 drives SAPI5 / NSSpeech there, not eSpeak: no one to clash with
    # The system copy is already loaded by its soname (in _library_path), so a later
    # pyttsx3 binds to it; our copy is a different file, hence a separate instance.
    folder = tempfile.mkdtemp(prefix="deescalate-espeak-")
    private = os.path.join(folder, "libespeak-ng-private.so")
    try:
        shutil.copyfile(path, private)
        return ctypes.CDLL(private, mode=os.RTLD_LOCAL | getattr(os, "RTLD_DEEPBIND", 0))
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the mapping outlives the file


class EspeakNgSynth:
    """eSpeak NG driven directly: every setting applied (and checked) on every line."""

    name = "espeak-ng"

    def __init__(self, backend: str = "auto", command: str | None = None) -> None:
        """``backend`` is "auto" (library, else command), "library" or "command"."""
        if backend not in ("auto", "library", "command"):
            raise ValueError(f"unknown espeak-ng backend '{backend}'")
        self._wanted = backend
        self._command = command
        self._backend: str | None = None
        self._why = ""

    def _resolve(self) -> str | None:
        if self._backend is not None or self._why:
            return self._backend
        reasons = []
        if self._wanted in ("auto", "library"):
            try:
                _Library.get()
                self._backend = "library"
                return self._backend
            except OSError as exc:
                reasons.append(f"libespeak-ng: {exc}")
        if self._wanted in ("auto", "command"):
            exe = self._command or shutil.which("espeak-ng")
            if exe and shutil.which(exe):
                self._command = exe
                self._backend = "command"
                return self._backend
            reasons.append("no espeak-ng command on PATH")
        self._why = "; ".join(reasons) + f" — {install_hint()}"
        return None

    @property
    def backend(self) -> str | None:
        """ "library", "command", or None when neither is there."""
        return self._resolve()

    def available(self) -> tuple[bool, str]:
        backend = self._resolve()
        if backend == "library":
            lib = _Library.get()
            return True, f"libespeak-ng {lib.version} (private instance, synchronous, {lib.rate} Hz)"
        if backend == "command":
            return True, f"the {self._command} command (pitch range is ignored on this path)"
        return False, self._why

    def describe(self, settings: VoiceSettings) -> str:
        head = f"-v {espeak_voice(settings)} -s {round(settings.rate)}"
        tail = f"-a {amplitude(settings.volume)}"
        if self._resolve() == "command":
            return f"{head} -p {min(99, round(settings.pitch))} {tail} (range {round(settings.range)} ignored: the command has no range option)"
        return f"{head} -p {round(settings.pitch)} {tail} range {round(settings.range)}"

    def synthesize(self, text: str, settings: VoiceSettings) -> Audio:
        backend = self._resolve()
        if backend is None:
            raise SynthesisError(f"espeak-ng is not available: {self._why}")
        if not text.strip():
            return Audio(b"", _Library.get().rate if backend == "library" else 22050)
        if backend == "library":
            return _Library.get().synthesize(text, settings)
        return self._run_command(text, settings)

    def _run_command(self, text: str, settings: VoiceSettings) -> Audio:
        assert self._command is not None
        with tempfile.TemporaryDirectory(prefix="deescalate-say-") as folder:
            out = os.path.join(folder, "line.wav")
            argv = [
                self._command,
                "-b",
                "1",
                "-v",
                espeak_voice(settings),
                "-s",
                str(round(settings.rate)),
                "-p",
                str(min(99, round(settings.pitch))),
                "-a",
                str(amplitude(settings.volume)),
                "-w",
                out,
                "--stdin",
            ]
            try:
                done = subprocess.run(
                    argv,
                    input=text.encode("utf-8"),
                    capture_output=True,
                    timeout=60,
                    creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise SynthesisError(f"the espeak-ng command failed: {exc}") from exc
            message = done.stderr.decode("utf-8", "replace").strip()
            if done.returncode != 0 or not os.path.exists(out):
                raise SynthesisError(f"espeak-ng {espeak_voice(settings)}: {message or f'exit status {done.returncode}'}")
            try:
                return Audio.from_file(out)
            except AudioFileError as exc:
                raise SynthesisError(f"espeak-ng wrote audio that cannot be read: {exc}") from None

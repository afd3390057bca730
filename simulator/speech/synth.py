"""Speech out: the ``Synthesizer`` interface, the ``Audio`` it returns, and the engine registry.

Core code and the app depend on this module only. Engines live in their own
modules and import their libraries lazily, so a machine without pyttsx3 or
eSpeak NG still loads the simulator and falls back to text (the silent engine).

Every engine applies all of a ``VoiceSettings`` (voice, rate, pitch, volume and,
where it can, pitch range) on every single utterance: pyttsx3 on Linux drops
property changes between utterances (shared/PLATFORM.md), so no engine may rely
on a setting "still being there" from the line before.
"""

from __future__ import annotations

import logging
import math
import struct
import sys
import wave
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from simulator.voices import VoiceSettings

log = logging.getLogger(__name__)

SILENCE_DB = -120.0  # what rms_db() reports for digital silence, instead of -inf
ENGINE_NAMES = ("espeak-ng", "pyttsx3", "silent")


class SynthesisError(RuntimeError):
    """An engine that said it was available failed on a line; the message says what to do."""


@dataclass(frozen=True)
class Audio:
    """Synthesised speech: 16-bit signed little-endian mono PCM at ``rate`` Hz.

    Kept as raw bytes so it can go straight to a WAV file, to QtMultimedia
    (QAudioSink / QBuffer) or to a recogniser, with no numpy in the core.
    """

    samples: bytes
    rate: int

    @property
    def frames(self) -> int:
        return len(self.samples) // 2

    @property
    def duration(self) -> float:
        """Seconds of audio, end pause included (timing code waits this long)."""
        return self.frames / self.rate if self.rate else 0.0

    def to_wav(self, path: str | Path) -> Path:
        """Write a standard 16-bit mono WAV file and return its path."""
        path = Path(path)
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            w.writeframes(self.samples)
        return path

    def to_wav_bytes(self) -> bytes:
        """The WAV file as bytes (for an in-memory player)."""
        import io

        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            w.writeframes(self.samples)
        return buf.getvalue()

    def rms_db(self, frame_seconds: float = 0.02, gate_db: float = 40.0) -> float:
        """Loudness of the speech in dB relative to full scale.

        The RMS is taken over the 20 ms frames no more than ``gate_db`` below the
        loudest frame, so pauses do not count: a fast and a slow reading of the
        same sentence at the same volume measure the same, which is what lets the
        stress test tell "louder" from "fewer pauses".
        """
        pcm = _pcm(self.samples)
        size = max(1, int(self.rate * frame_seconds))
        energies = [_mean_square(pcm[i : i + size]) for i in range(0, len(pcm), size)]
        energies = [e for e in energies if e > 0]
        if not energies:
            return SILENCE_DB
        floor = max(energies) * 10 ** (-gate_db / 10)
        kept = [e for e in energies if e >= floor]
        return max(SILENCE_DB, 10 * math.log10(sum(kept) / len(kept) / 32768.0**2))

    def peak(self) -> int:
        """The largest absolute sample (32767 means clipping)."""
        pcm = _pcm(self.samples)
        return max((abs(x) for x in pcm), default=0)

    @classmethod
    def silence(cls, seconds: float, rate: int = 22050) -> Audio:
        return cls(bytes(2 * max(0, round(seconds * rate))), rate)

    @classmethod
    def from_file(cls, path: str | Path) -> Audio:
        """Read a WAV (any width, any channel count) or an AIFF/AIFC PCM file as 16-bit mono.

        pyttsx3 writes WAV on Linux and Windows but AIFF on macOS (NSSpeechSynthesizer).
        """
        data = Path(path).read_bytes()
        if data[:4] == b"FORM":
            return _read_aiff(data)
        import io

        with wave.open(io.BytesIO(data), "rb") as w:
            return cls(_to_mono16(w.readframes(w.getnframes()), w.getsampwidth(), w.getnchannels(), "little"), w.getframerate())


def _pcm(samples: bytes) -> array:
    pcm = array("h")
    pcm.frombytes(samples[: len(samples) // 2 * 2])
    if sys.byteorder == "big":
        pcm.byteswap()
    return pcm


def _mean_square(chunk: array) -> float:
    return sum(x * x for x in chunk) / len(chunk) if chunk else 0.0


def _to_mono16(raw: bytes, width: int, channels: int, byteorder: str) -> bytes:
    """Convert integer PCM of ``width`` bytes and ``channels`` channels to 16-bit mono little-endian."""
    if width not in (1, 2, 3, 4):
        raise SynthesisError(f"unsupported sample width {width} bytes in the engine's audio file")
    count = len(raw) // width
    if width == 2 and channels == 1:  # the usual case: no per-sample Python work
        out = array("h")
        out.frombytes(raw[: count * 2])
        if byteorder != sys.byteorder:
            out.byteswap()
        if sys.byteorder == "big":
            out.byteswap()
        return out.tobytes()
    if width == 1:  # 8-bit WAV is unsigned
        values = [(b - 128) << 8 for b in raw[:count]]
    else:
        values = [int.from_bytes(raw[i : i + width], byteorder, signed=True) >> (8 * (width - 2)) for i in range(0, count * width, width)]
    if channels > 1:
        values = [sum(values[i : i + channels]) // channels for i in range(0, len(values) - channels + 1, channels)]
    out = array("h", values)
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def _read_aiff(data: bytes) -> Audio:
    """A minimal AIFF/AIFC reader for uncompressed PCM (what macOS speech writes)."""
    form = data[8:12]
    if form not in (b"AIFF", b"AIFC"):
        raise SynthesisError("the engine wrote an IFF file that is not AIFF")
    pos, channels, width, rate, sound = 12, 1, 2, 22050, b""
    byteorder = "big"
    while pos + 8 <= len(data):
        cid, size = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        body = data[pos + 8 : pos + 8 + size]
        if cid == b"COMM":
            channels, _frames, bits = struct.unpack(">hIh", body[:8])
            width = (bits + 7) // 8
            rate = round(_extended(body[8:18]))
            if form == b"AIFC" and len(body) >= 22:
                kind = body[18:22]
                if kind == b"sowt":
                    byteorder = "little"
                elif kind not in (b"NONE", b"twos"):
                    raise SynthesisError(f"compressed AIFC ({kind.decode('latin-1')}) is not supported")
        elif cid == b"SSND":
            offset = struct.unpack(">I", body[:4])[0]
            sound = body[8 + offset :]
        pos += 8 + size + (size & 1)
    return Audio(_to_mono16(sound, width, channels, byteorder), rate)


def _extended(b: bytes) -> float:
    """An 80-bit IEEE extended float (AIFF's sample rate)."""
    exponent = ((b[0] & 0x7F) << 8) | b[1]
    mantissa = int.from_bytes(b[2:10], "big")
    if exponent == 0 and mantissa == 0:
        return 0.0
    value = mantissa * 2.0 ** (exponent - 16383 - 63)
    return -value if b[0] & 0x80 else value


@runtime_checkable
class Synthesizer(Protocol):
    """A speech engine. ``synthesize`` blocks: call it off the GUI thread (see speaker.Speaker)."""

    name: str

    def available(self) -> tuple[bool, str]:
        """(True, what is used) or (False, what is missing and the command that fixes it)."""
        ...

    def synthesize(self, text: str, settings: VoiceSettings) -> Audio:
        """Speak ``text`` with every one of ``settings`` applied to this very utterance."""
        ...

    def describe(self, settings: VoiceSettings) -> str:
        """What the engine is told for ``settings``, in its own units (for the CLI and logs)."""
        ...


def make_synthesizer(name: str) -> Synthesizer:
    """A new engine by name; ValueError for an unknown name."""
    if name == "espeak-ng":
        from simulator.speech.espeak_synth import EspeakNgSynth

        return EspeakNgSynth()
    if name == "pyttsx3":
        from simulator.speech.pyttsx3_synth import Pyttsx3Synth

        return Pyttsx3Synth()
    if name == "silent":
        from simulator.speech.silent_synth import SilentSynth

        return SilentSynth()
    raise ValueError(f"unknown speech engine '{name}': use one of {', '.join(ENGINE_NAMES)}")


def engine_order(platform: str = sys.platform) -> tuple[str, ...]:
    """Engines to try, best first, on this platform.

    On Linux eSpeak NG straight is both what pyttsx3 would drive anyway and the
    reliable way to drive it (2–20 ms a line, no lost settings). On Windows and
    macOS pyttsx3 reaches the system voices (SAPI5, NSSpeech), which sound better.
    """
    if platform.startswith(("win", "darwin")):
        return ("pyttsx3", "espeak-ng", "silent")
    return ("espeak-ng", "pyttsx3", "silent")


@dataclass
class EngineChoice:
    """The engine picked and, for each better engine passed over, why."""

    synthesizer: Synthesizer
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def speaks(self) -> bool:
        """False when only the silent engine was left: the person's lines are text only."""
        return self.synthesizer.name != "silent"

    def notes(self) -> list[str]:
        return [f"{name} is not available: {why}" for name, why in self.skipped]


def choose_synthesizer(preference: str | None = None, platform: str = sys.platform) -> EngineChoice:
    """The first available engine, ``preference`` first, with the reasons for any fallback."""
    order = list(engine_order(platform))
    if preference and preference not in ("auto", ""):
        if preference not in ENGINE_NAMES:
            raise ValueError(f"unknown speech engine '{preference}': use one of {', '.join(ENGINE_NAMES)}")
        order.remove(preference)
        order.insert(0, preference)
    skipped: list[tuple[str, str]] = []
    for name in order:
        synth = make_synthesizer(name)
        ok, why = synth.available()
        if ok:
            return EngineChoice(synth, skipped)
        skipped.append((name, why))
    raise AssertionError("the silent engine is always available")  # pragma: no cover


def pick_synthesizer(preference: str | None = None) -> Synthesizer:
    """The first available engine (``preference`` first); logs why it fell back, if it did."""
    choice = choose_synthesizer(preference)
    for note in choice.notes():
        log.warning("speech out: %s; using %s", note, choice.synthesizer.name)
    return choice.synthesizer

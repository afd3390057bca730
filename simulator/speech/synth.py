"""Speech out: the ``Synthesizer`` interface and the engine registry (``Audio`` itself lives in pcm.py).

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
import sys
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from simulator.speech.pcm import SILENCE_DB as SILENCE_DB  # re-exported: engines and the app import them from here
from simulator.speech.pcm import Audio as Audio
from simulator.speech.pcm import AudioFileError as AudioFileError
from simulator.voices import VoiceSettings

log = logging.getLogger(__name__)

ENGINE_NAMES = ("espeak-ng", "pyttsx3", "silent")


class SynthesisError(RuntimeError):
    """An engine that said it was available failed on a line; the message says what to do."""


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

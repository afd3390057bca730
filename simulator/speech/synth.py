"""Speech out: the engine registry and the choice of engine, with the ``Synthesizer`` interface re-exported.

Core code and the app depend on this module only. Engines live in their own
modules and import their libraries lazily, so a machine without pyttsx3 or
eSpeak NG still loads the simulator and falls back to text (the silent engine).
The interface the engines implement (``Synthesizer``, ``SynthesisError``) is in
``synthesis.py``, which the engines import instead of this registry.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field

from simulator.speech.synthesis import SILENCE_DB as SILENCE_DB  # re-exported: the app and the tests import them from here
from simulator.speech.synthesis import Audio as Audio
from simulator.speech.synthesis import AudioFileError as AudioFileError
from simulator.speech.synthesis import SynthesisError as SynthesisError
from simulator.speech.synthesis import Synthesizer as Synthesizer

log = logging.getLogger(__name__)

ENGINE_NAMES = ("espeak-ng", "pyttsx3", "silent")


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

"""Speech in: the ``Recognizer`` interface, what it returns, and the engine registry, in one place for callers.

The parts live below this module: the interface and its values in
``recognition.py`` (which the engines import), the registry of engines by name in
``engines.py`` and the choice among them in ``policy.py``. Callers (the app, the
commands, the benches) import from here; nothing below imports this module.
"""

from __future__ import annotations

from simulator.speech.engines import ENGINE_NAMES, make_recognizer
from simulator.speech.policy import choose_recognizer as policy_choice
from simulator.speech.recognition import (
    EngineInfo,
    EngineUnavailable,
    RecognitionStream,
    Recognizer,
    RecognizerChoice,
    Transcript,
    Word,
    transcribe,
)

__all__ = [
    "ENGINE_NAMES",
    "EngineInfo",
    "EngineUnavailable",
    "RecognitionStream",
    "Recognizer",
    "RecognizerChoice",
    "Transcript",
    "Word",
    "choose_recognizer",
    "make_recognizer",
    "transcribe",
]


def choose_recognizer(preference: str | None = None, phrases: list[str] | None = None) -> RecognizerChoice:
    """The speech policy's choice (simulator/speech/policy.py): kept here for callers of the old name."""
    return policy_choice(preference, phrases)

"""Speech in, the registry: every recogniser by name, each engine module imported only when asked for.

Above the engines (which import their types from ``recognition.py``) and below
the policy that chooses among them (``policy.py``), so the registry, the engines
and the policy form no cycle.
"""

from __future__ import annotations

from pathlib import Path

from simulator.speech.recognition import EngineUnavailable, Recognizer

ENGINE_NAMES = ("moonshine", "vosk", "builtin", "scripted")


def make_recognizer(name: str, phrases: list[str] | None = None, model: str | Path | None = None) -> Recognizer:
    """An engine by name; raises EngineUnavailable with the fix when it cannot run."""
    if name == "moonshine":
        from simulator.speech.models import MOONSHINE_MODEL, find_model
        from simulator.speech.moonshine_engine import MoonshineRecognizer

        path = Path(model) if model else find_model(None, "moonshine")
        if path is None:
            raise EngineUnavailable(f"no Moonshine model installed: run `deescalate models install {MOONSHINE_MODEL}` (or `--from PATH` offline)")
        return MoonshineRecognizer(path, phrases=phrases)
    if name == "vosk":
        from simulator.speech.models import find_model
        from simulator.speech.vosk_engine import VoskRecognizer

        path = Path(model) if model else find_model()
        if path is None:
            raise EngineUnavailable("no Vosk model installed: run `deescalate models install vosk-model-small-en-us-0.15` (or `--from PATH` for a downloaded zip)")
        return VoskRecognizer(path, phrases=phrases)
    if name == "builtin":
        from simulator.speech.sphinx_engine import SphinxRecognizer

        return SphinxRecognizer(extra_phrases=phrases)
    if name == "scripted":
        from simulator.speech.scripted_engine import ScriptedRecognizer

        return ScriptedRecognizer(phrases or [])
    raise EngineUnavailable(f"unknown speech engine '{name}': use one of {', '.join(ENGINE_NAMES)}")

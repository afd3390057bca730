"""The main recogniser: Vosk (Kaldi), streaming partial results, optional phrase biasing.

Vosk crashes the whole process on a malformed grammar (a bad JSON string,
``[]`` or an object segfaults it — PLATFORM.md), and says nothing useful
about a bad model folder. Both are checked here before vosk sees them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from simulator.speech.models import check_model_dir, supports_grammar
from simulator.speech.recognition import EngineInfo, EngineUnavailable, Transcript, Word

SAMPLE_RATE = 16000


class GrammarError(ValueError):
    """A phrase list vosk would crash on."""


def grammar_json(phrases: list[str]) -> str:
    """A phrase list as the JSON vosk expects: a non-empty list of non-empty strings, plus "[unk]"."""
    if not isinstance(phrases, list):
        raise GrammarError("the phrase list must be a list of strings")
    cleaned = []
    for i, phrase in enumerate(phrases):
        if not isinstance(phrase, str):
            raise GrammarError(f"phrase {i} is not text: {phrase!r}")
        words = re.sub(r"[^\w' ]", " ", phrase.lower()).split()
        if words:
            cleaned.append(" ".join(words))
    if not cleaned:
        raise GrammarError("the phrase list has no words in it")
    unique = sorted(set(cleaned))
    text = json.dumps([*unique, "[unk]"], ensure_ascii=False)
    parsed = json.loads(text)
    if not (isinstance(parsed, list) and parsed and all(isinstance(p, str) and p for p in parsed)):
        raise GrammarError("internal: grammar is not a non-empty list of strings")
    return text


class VoskRecognizer:
    """Loads a Vosk model once; each ``stream()`` is one utterance."""

    def __init__(self, model_dir: str | Path, phrases: list[str] | None = None, language: str = "") -> None:
        path = Path(model_dir)
        problem = check_model_dir(path)
        if problem:
            raise EngineUnavailable(f"{problem}. Install one with `deescalate models install`")
        try:
            import vosk
        except ImportError:
            raise EngineUnavailable("the vosk package is not installed: .venv/bin/pip install vosk") from None
        vosk.SetLogLevel(-2)
        self._vosk = vosk
        try:
            self._model = vosk.Model(str(path))
        except Exception as exc:  # vosk raises a bare Exception with no detail
            raise EngineUnavailable(f"Vosk could not load the model in {path} ({exc}); reinstall it with `deescalate models install`") from None
        self._grammar = grammar_json(phrases) if phrases and supports_grammar(path) else None
        self.info = EngineInfo(
            "vosk",
            (language or _language_of(path),),
            SAMPLE_RATE,
            streams_partials=True,
            vocabulary_biasing=supports_grammar(path),
            description="Vosk (Kaldi) streaming recogniser",
            model=path.name,
        )

    @property
    def biased(self) -> bool:
        return self._grammar is not None

    def stream(self) -> VoskStream:
        if self._grammar:
            rec = self._vosk.KaldiRecognizer(self._model, SAMPLE_RATE, self._grammar)
        else:
            rec = self._vosk.KaldiRecognizer(self._model, SAMPLE_RATE)
        rec.SetWords(True)
        return VoskStream(rec)


class VoskStream:
    def __init__(self, rec: Any) -> None:
        self._rec = rec
        self._partial = ""
        self._done: list[dict[str, Any]] = []

    def accept(self, pcm: bytes) -> str | None:
        if not pcm:
            return None
        if self._rec.AcceptWaveform(pcm):
            self._done.append(json.loads(self._rec.Result()))
            partial = ""
        else:
            partial = json.loads(self._rec.PartialResult()).get("partial", "")
        shown = " ".join([*(d.get("text", "") for d in self._done), partial]).strip()
        if shown != self._partial:
            self._partial = shown
            return shown
        return None

    def finish(self) -> Transcript:
        results = [*self._done, json.loads(self._rec.FinalResult())]
        words = tuple(
            Word(w["word"], float(w.get("conf", 1.0)), float(w["start"]), float(w["end"]))
            for r in results
            for w in r.get("result", [])
            if w.get("word") != "[unk]"
        )
        text = " ".join(r.get("text", "") for r in results).replace("[unk]", " ")
        return Transcript(" ".join(text.split()), words)


def _language_of(path: Path) -> str:
    name = path.name.lower()
    m = re.search(r"model-(?:small-)?([a-z]{2}(?:-[a-z]{2})?)", name)
    if m:
        return m.group(1)
    readme = path / "README"
    if readme.is_file() and "korean" in readme.read_text(errors="replace").lower():
        return "ko"
    return "und"

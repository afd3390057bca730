"""Speech in, the interface: what a ``Recognizer`` is, what it returns, and how a clip runs through one.

Engines declare what they can do (languages, sample rate, partial results,
vocabulary biasing); the app and commands choose by that, and core code never
imports vosk or pocketsphinx. Each engine loads its model once and then opens
a cheap stream per utterance. The engines import these types from here and the
registry (``engines.py``) imports the engines, so no engine imports the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from simulator.speech.pcm import Audio


class EngineUnavailable(RuntimeError):
    """The engine cannot run here (no library, no model); the message says how to fix it."""


@dataclass(frozen=True)
class Word:
    word: str
    conf: float
    start: float
    end: float

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.word, "conf": round(self.conf, 3), "start": round(self.start, 3), "end": round(self.end, 3)}


@dataclass(frozen=True)
class Transcript:
    """What an engine heard. ``confidence`` (0–1) is the whole utterance's; each ``Word.conf`` its own.

    Engines that cannot tell report 1.0; an empty transcript (nothing heard) has 0.0. The app asks the
    trainee to confirm below its threshold, and the session records both with the turn.
    """

    text: str
    words: tuple[Word, ...] = ()
    confidence: float = -1.0  # -1: the engine did not say; __post_init__ derives it from the words

    def __post_init__(self) -> None:
        if self.confidence < 0:
            if not self.text.strip():
                value = 0.0
            elif self.words:
                value = sum(w.conf for w in self.words) / len(self.words)
            else:
                value = 1.0
            object.__setattr__(self, "confidence", value)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "confidence": round(self.confidence, 3), "words": [w.to_dict() for w in self.words]}


@dataclass(frozen=True)
class EngineInfo:
    name: str
    languages: tuple[str, ...]
    sample_rate: int
    streams_partials: bool
    vocabulary_biasing: bool
    description: str = ""
    model: str = ""


class RecognitionStream(Protocol):
    """One utterance being recognised: feed audio, read partials, then finish."""

    def accept(self, pcm: bytes) -> str | None:
        """Feed 16-bit mono PCM at the engine's rate; returns the partial text when it changed."""
        ...

    def finish(self) -> Transcript:
        """The final result for everything fed so far."""
        ...


class Recognizer(Protocol):
    info: EngineInfo

    def stream(self) -> RecognitionStream: ...


def transcribe(recognizer: Recognizer, audio: Audio, chunk_seconds: float = 0.25) -> Transcript:
    """Run a whole clip through ``recognizer`` (resampled to its rate): in one go where the engine
    does better with the whole clip in view, else in streaming chunks."""
    from simulator.speech.audio import resample

    pcm = resample(audio, recognizer.info.sample_rate).samples
    whole = getattr(recognizer, "transcribe_clip", None)
    if whole is not None:
        heard: Transcript = whole(pcm)
        return heard
    stream = recognizer.stream()
    step = 2 * int(recognizer.info.sample_rate * chunk_seconds)
    for i in range(0, len(pcm), step):
        stream.accept(pcm[i : i + step])
    return stream.finish()


@dataclass
class RecognizerChoice:
    """The engine chosen (None if none can run), what stopped the others, and why this one (policy.py)."""

    recognizer: Recognizer | None
    problems: list[str] = field(default_factory=list)
    reason: str = ""
    estimates: list[Any] = field(default_factory=list)  # policy.Estimate: each candidate's release → final estimate

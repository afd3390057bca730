"""What the trainee's turn was, as techniques: the contract every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from simulator.vocabulary import Polarity, polarity, primary_of


@dataclass(frozen=True)
class TechniqueHit:
    """One technique found in a turn, how sure the reader is, and the words that gave it away."""

    id: str
    confidence: float
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "confidence": round(self.confidence, 3), "evidence": self.evidence}


@dataclass(frozen=True)
class Reading:
    """A turn read as techniques. ``techniques`` is ordered primary first.

    ``understood`` is False for a turn the reader cannot read (another
    language, see language.py): it is ``other`` and must move nobody, and
    ``language`` says what it seems to be, so the trainee can be told
    "not understood — Spanish?". ``softened`` marks a polite or hedged
    ``command`` ("could you put that down for me?"), which scenarios may let
    cost less than a barked one (TECHNIQUES.md version 2).
    """

    text: str
    techniques: tuple[TechniqueHit, ...]
    primary: str
    polarity: Polarity
    understood: bool = True
    language: str | None = None
    softened: bool = False

    @classmethod
    def of(cls, text: str, hits: list[TechniqueHit]) -> Reading:
        if not hits:
            hits = [TechniqueHit("other", 0.5, "")]
        primary = primary_of([h.id for h in hits])
        ordered = sorted(hits, key=lambda h: (h.id != primary, -h.confidence))
        return cls(text, tuple(ordered), primary, polarity(primary))

    def ids(self) -> list[str]:
        return [h.id for h in self.techniques]

    def confidence(self, technique: str) -> float:
        return max((h.confidence for h in self.techniques if h.id == technique), default=0.0)

    @classmethod
    def not_understood(cls, text: str, language: str | None, confidence: float) -> Reading:
        """A turn in a language the reader does not read: ``other``, flagged, with the language guess."""
        return cls(text, (TechniqueHit("other", confidence, f"language: {language}" if language else "not understood"),), "other",
                   "neutral", understood=False, language=language)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "primary": self.primary,
            "polarity": self.polarity,
            "techniques": [h.to_dict() for h in self.techniques],
        }
        # Only when they say something, so the events of ordinary turns stay as they were.
        if not self.understood:
            out["understood"] = False
            out["language"] = self.language
        if self.softened:
            out["softened"] = True
        return out


@dataclass(frozen=True)
class Context:
    """What the reader may know about the scene: scenario phrases that add techniques."""

    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)  # technique id -> phrases


class Reader(Protocol):
    """Anything that reads a turn: the rule reader, a trained one, a scripted one for tests."""

    def read(self, text: str, context: Context | None = None) -> Reading: ...

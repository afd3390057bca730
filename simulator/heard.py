"""What the recogniser heard, how sure it was, and whether to ask the trainee before sending it.

A misheard sentence scored as if the trainee had said it teaches the wrong
lesson, so a spoken turn can be confirmed first. The trainee chooses how much
(a setting): always send, confirm when the recogniser is unsure, or always
confirm. The decision is here, not in a Qt slot, so it is tested on its own and
the same rule serves every view.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CONFIRM_MODES: tuple[tuple[str, str], ...] = (
    ("confirm_unsure", "Ask me when the recogniser is unsure"),
    ("always_send", "Always send what was heard"),
    ("always_confirm", "Always let me check before sending"),
)
UNSURE_BELOW = 0.6  # utterance confidence (0–1) under which "confirm when unsure" asks


@dataclass(frozen=True)
class Heard:
    """One recognised utterance as the trainee sees it."""

    text: str
    confidence: float | None  # 0–1, None when the engine gives none

    @property
    def words(self) -> str:
        """The confidence in words, readable without colour or numbers."""
        return describe(self.confidence)


def confidence_of(transcript: object) -> float | None:
    """The utterance confidence: the engine's own if it gives one, else the mean of its words', else None."""
    own = getattr(transcript, "confidence", None)
    if isinstance(own, int | float):
        return max(0.0, min(1.0, float(own)))
    words: Iterable[object] = getattr(transcript, "words", ()) or ()
    confs = [float(w.conf) for w in words if isinstance(getattr(w, "conf", None), int | float)]  # type: ignore[attr-defined]
    return max(0.0, min(1.0, sum(confs) / len(confs))) if confs else None


def describe(confidence: float | None) -> str:
    if confidence is None:
        return "confidence unknown"
    if confidence >= 0.85:
        return f"sure ({confidence:.0%})"
    if confidence >= UNSURE_BELOW:
        return f"fairly sure ({confidence:.0%})"
    return f"unsure ({confidence:.0%})"


def needs_confirmation(mode: str, heard: Heard, unsure_below: float = UNSURE_BELOW) -> bool:
    """Whether to show send / edit / say again before this utterance becomes a turn.

    An engine that reports no confidence is trusted under "confirm when unsure":
    asking about every utterance would make that mode "always confirm".
    """
    if mode == "always_send":
        return False
    if mode == "always_confirm":
        return True
    if mode != "confirm_unsure":
        raise ValueError(f"unknown confirm mode '{mode}': use one of {', '.join(m for m, _ in CONFIRM_MODES)}")
    return heard.confidence is not None and heard.confidence < unsure_below

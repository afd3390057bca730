"""Listening graded by content: a reflection counts by what it reflects.

A paraphrase, summary or emotion label that carries what the person actually
said (the facts and feelings they told) counts fully. A generic one ("it sounds
like you're going through a lot") counts less, and less each time it is used.
One that reflects something the person never said is a misfire: it tells them
the officer is not listening, and costs a little trust. (A feeling or what can
be seen — she is shaking, she looks exhausted — may be named before she says
it: a tentative emotion label is a skill, not a misfire.)
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.checks import mentioned_facts
from simulator.scenario.model import Scenario

REFLECTIONS = frozenset({"paraphrase", "summarize", "emotion_label"})
GENERIC_WEIGHT = 0.5  # a generic reflection's first use, against a content one's 1.0
GENERIC_DECAY = 0.6  # each further generic reflection counts this much of the one before
MISFIRE_CHANGE = {"trust": -3.0, "agitation": 2.0}


@dataclass(frozen=True)
class ListeningGrade:
    """How a reflection landed: ``content``, ``generic`` or ``misfire``, the facts it carried, its weight."""

    technique: str
    quality: str
    facts: tuple[str, ...]
    weight: float

    def to_dict(self) -> dict[str, object]:
        return {"technique": self.technique, "quality": self.quality, "facts": list(self.facts), "weight": round(self.weight, 3)}


def grade(scenario: Scenario, text: str, technique: str, known: set[str], generic_so_far: int) -> ListeningGrade:
    """Grade one reflective technique in ``text`` against what the person has told (``known``)."""
    mentioned = mentioned_facts(text, scenario.facts)
    told = sorted(f for f in mentioned if f in known)
    if told:
        return ListeningGrade(technique, "content", tuple(told), 1.0)
    never = sorted(f for f in mentioned if f not in known and not scenario.facts[f].known and not scenario.facts[f].feeling)
    if never:
        return ListeningGrade(technique, "misfire", tuple(never), 0.0)
    return ListeningGrade(technique, "generic", (), GENERIC_WEIGHT * GENERIC_DECAY ** generic_so_far)

"""What the person remembers: what they told, what the officer told them, what they said.

A person who repeats a story when asked twice, forgets the officer's name, or
refers to the house sale before mentioning it is not a person. Memory is the
one place that knows what has been said, so the line picker can refuse a line
that needs a fact not yet told, and never say the same line twice in a row.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from simulator.scenario.model import Line, Scenario
from simulator.understanding.normalize import normalize

MAX_SAYINGS = 2  # a line (not a refrain) is said at most this often in a session

# "i'm officer ruiz", "my name is sam", "this is deputy lee", "officer garcia here"
_TITLES = r"(?:officer|deputy|sergeant|sarge|detective|trooper|constable|corporal|lieutenant|agent)"
_NAME = r"([a-z][a-z'-]+)"
_NOT_NAMES = frozenset(
    "here with the a an just going not sorry trying from your so and really glad worried calling only police sheriff crisis "
    "to in on at okay fine concerned happy listening staying".split()
)
_INTRO = [
    re.compile(rf"\b(?:i'm|i am|this is|it's|my name is|name's|call me)\s+(?:{_TITLES}\s+)?{_NAME}(?:\s+{_NAME})?"),
    re.compile(rf"\b{_TITLES}\s+{_NAME}\b"),
]


def officer_name_in(text: str) -> str | None:
    """The name an officer gives in ``text`` ("I'm Officer Ruiz" -> "Officer Ruiz"), if any."""
    norm = normalize(text)
    for rx in _INTRO:
        for m in rx.finditer(norm):
            name = m.group(1)
            if name in _NOT_NAMES:
                continue
            title = re.search(_TITLES, m.group(0))
            shown = name.capitalize()
            return f"{title.group(0).capitalize()} {shown}" if title else shown
    return None


@dataclass
class Memory:
    """One session's memory; the session feeds it and the pickers read it."""

    known: set[str] = field(default_factory=set)  # facts the person told, or the officer knew from dispatch
    told: set[str] = field(default_factory=set)  # facts the person (or, for officer_name, the officer) has said
    told_at: dict[str, int] = field(default_factory=dict)  # fact -> turn she told it
    officer_name: str | None = None
    sayings: Counter[str] = field(default_factory=Counter)
    last_line: str | None = None
    feelings: frozenset[str] = frozenset()  # facts that are feelings: shown, never news

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> Memory:
        return cls(known={f.id for f in scenario.facts.values() if f.known}, feelings=frozenset(f.id for f in scenario.facts.values() if f.feeling))

    def news(self, line: Line) -> set[str]:
        """The facts (not feelings) ``line`` would tell for the first time."""
        return set(line.reveals) - self.told - self.feelings

    def tell(self, facts: tuple[str, ...] | frozenset[str], turn: int) -> list[str]:
        """The person has now told these facts; returns the ones that are new."""
        new = [f for f in facts if f not in self.told]
        for f in new:
            self.known.add(f)
            self.told.add(f)
            self.told_at[f] = turn
        return new

    def hear_officer(self, text: str, turn: int) -> str | None:
        """Remember a name the officer gives; returns it when it is new."""
        name = officer_name_in(text)
        if name and name != self.officer_name:
            self.officer_name = name
            self.tell(("officer_name",), turn)
            return name
        return None

    def said(self, line_id: str) -> None:
        self.sayings[line_id] += 1
        self.last_line = line_id

    def allows(self, line: Line) -> bool:
        """May the person say ``line`` now? Its facts are known, it is not the last line, not worn out."""
        if not line.requires <= self.known:
            return False
        if line.id == self.last_line:
            return False
        return line.refrain or self.sayings[line.id] < MAX_SAYINGS

    def env(self, scenario: Scenario) -> dict[str, bool]:
        """``told_<fact>`` and ``officer_named`` for conditions."""
        out = {f"told_{f}": f in self.told for f in scenario.facts}
        out["officer_named"] = self.officer_name is not None
        return out

    def fill(self, text: str) -> str:
        """Put the officer's name where a line says ``{officer}``."""
        return text.replace("{officer}", self.officer_name or "officer")

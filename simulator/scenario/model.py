"""A loaded, validated scenario as plain immutable objects.

The runtime, scoring and the app read these, never raw YAML, so that every
condition is already compiled and every id already checked when play starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.expressions import Condition

Change = dict[str, float | bool]


@dataclass(frozen=True)
class Variable:
    name: str
    kind: str  # "number" | "boolean"
    start: float | bool
    minimum: float = 0.0
    maximum: float = 100.0

    def clamp(self, value: float | bool) -> float | bool:
        if self.kind == "boolean":
            return bool(value)
        return max(self.minimum, min(self.maximum, float(value)))


@dataclass(frozen=True)
class ReactionCase:
    when: Condition | None
    change: Change


@dataclass(frozen=True)
class Line:
    id: str
    text: str
    when: Condition | None = None
    after: frozenset[str] = frozenset()
    speaker: str | None = None
    cue: str | None = None
    change: Change = field(default_factory=dict)
    requires: frozenset[str] = frozenset()  # facts that must be known before it may be said
    reveals: tuple[str, ...] = ()  # facts the person has told once it is said
    refrain: bool = False  # may be said more than twice a session (never twice in a row)
    topic: str | None = None  # set on a topic's answers: the topic it answers


@dataclass(frozen=True)
class Fact:
    """Something the person can tell (or the officer knows from dispatch).

    ``mentions`` are the words that refer to it: the validator uses them to find
    lines that speak of a fact before it can have been told, and listening uses
    them to tell a reflection of what was said from a generic one.
    """

    id: str
    text: str
    mentions: tuple[str, ...]
    known: bool = False
    feeling: bool = False


@dataclass(frozen=True)
class Topic:
    """What a turn can be about, and how this person answers it in each state."""

    id: str
    phrasings: tuple[str, ...]
    words: tuple[str, ...]
    answers: tuple[Line, ...]
    repeat: tuple[Line, ...] = ()
    change: Change = field(default_factory=dict)
    common: bool = False

    def reveals(self) -> frozenset[str]:
        return frozenset(f for a in self.answers for f in a.reveals)


@dataclass(frozen=True)
class ObjectiveTrigger:
    """One way to meet an objective: every kind listed must match the same turn (any id of each)."""

    topics: frozenset[str] = frozenset()
    techniques: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    referrals: frozenset[str] = frozenset()
    choices: frozenset[str] = frozenset()
    keywords: frozenset[str] = frozenset()
    facts: frozenset[str] = frozenset()  # facts revealed in that turn
    reflects: frozenset[str] = frozenset()  # facts the officer reflected back in that turn


@dataclass(frozen=True)
class Objective:
    """A learning objective made checkable: met on a turn that does what it asks, while ``when`` holds."""

    id: str
    text: str
    met_by: tuple[ObjectiveTrigger, ...]
    when: Condition | None = None
    missed: str = ""


@dataclass(frozen=True)
class Floor:
    """Where the body or the situation holds a variable while ``when`` holds (moves stop there)."""

    variable: str
    minimum: float | None
    maximum: float | None
    when: Condition | None
    why: str


@dataclass(frozen=True)
class Pacing:
    """The realistic minimum pace of a good ending."""

    min_seconds: float = 0.0
    min_turns: int = 0


@dataclass(frozen=True)
class Variant:
    id: str
    text: str
    set: Change = field(default_factory=dict)


@dataclass(frozen=True)
class Variation:
    """How the seed varies the person: starting state, how hard each trigger bites, declared variants."""

    start: dict[str, tuple[float, float]] = field(default_factory=dict)
    scale: dict[str, tuple[float, float]] = field(default_factory=dict)
    variants: tuple[Variant, ...] = ()


@dataclass(frozen=True)
class Feedback:
    why: str = ""
    consequences: str = ""
    reflection: str = ""


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    techniques: tuple[str, ...] = ()
    action: str | None = None
    referral: str | None = None
    rating: str | None = None
    feedback: Feedback | None = None
    change: Change = field(default_factory=dict)
    requires: frozenset[str] = frozenset()  # offered only once these facts are known
    topic: str | None = None  # picking it asks or raises this topic


@dataclass(frozen=True)
class Phase:
    id: str
    start: bool
    narration: str
    prompt: str
    enter: tuple[Line, ...]
    lines: tuple[Line, ...]
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Trigger:
    techniques: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    choices: frozenset[str] = frozenset()
    keywords: frozenset[str] = frozenset()
    referrals: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Transition:
    id: str
    sources: tuple[str, ...] | None  # None: from any phase
    dest: str
    on: Trigger | None
    when: Condition | None
    change: Change
    teaching_point: str


@dataclass(frozen=True)
class OutcomeStep:
    to: str | None = None
    say: str = ""
    change: Change = field(default_factory=dict)


@dataclass(frozen=True)
class Referral:
    resource: str
    rating: str
    why: str
    accept_when: Condition
    accepted: OutcomeStep
    declined: OutcomeStep


@dataclass(frozen=True)
class Causes:
    """What can lead to a catastrophic ending: dangerous acts, or this many unrepaired escalating moves."""

    acts: tuple[str, ...] = ()
    pattern: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {"acts": list(self.acts), "pattern": self.pattern}


@dataclass(frozen=True)
class Ending:
    id: str
    outcome: str
    title: str
    narration: str
    line: str
    debrief: Feedback
    teaching_points: tuple[str, ...]
    requires: Condition | None = None  # reached only while this holds
    causes: Causes | None = None  # injury/self-harm: the acts or pattern that can lead here (issue 19); None: defaults


@dataclass(frozen=True)
class Keyword:
    id: str
    phrases: tuple[str, ...]
    techniques: tuple[str, ...]
    change: Change
    once: bool
    teaching_point: str


@dataclass(frozen=True)
class Playthrough:
    id: str
    description: str
    seed: int
    script: tuple[str, ...]
    expect_ending: str | None
    expect_outcome: str | None
    line: int  # where it stands in the file, for failure messages


@dataclass(frozen=True)
class Person:
    name: str
    age: int
    presentation: str
    appearance: str
    voice: str


@dataclass(frozen=True)
class Character:
    id: str
    name: str
    voice: str | None


@dataclass(frozen=True)
class Drift:
    per_minute: Change = field(default_factory=dict)
    silence_after: float | None = None
    silence_change: Change = field(default_factory=dict)


@dataclass(frozen=True)
class Limits:
    turns: int
    minutes: float
    ending: str


@dataclass(frozen=True)
class Scenario:
    """One playable scenario; ``content_hash`` identifies the exact file a session ran."""

    id: str
    path: str
    content_hash: str
    title: str
    summary: str
    learning_objectives: tuple[str, ...]
    difficulty: str
    estimated_minutes: int
    content_warnings: tuple[str, ...]
    setting: str
    dispatch: str
    person: Person
    characters: dict[str, Character]
    variables: dict[str, Variable]
    actions: tuple[str, ...]
    technique_reactions: dict[str, tuple[ReactionCase, ...]]
    action_reactions: dict[str, tuple[ReactionCase, ...]]
    drift: Drift
    keywords: tuple[Keyword, ...]
    phases: dict[str, Phase]
    start_phase: str
    transitions: tuple[Transition, ...]
    referrals: dict[str, Referral]
    endings: dict[str, Ending]
    limits: Limits
    playthroughs: tuple[Playthrough, ...]
    declined_change: Change = field(default_factory=dict)
    schema_version: int = 1
    facts: dict[str, Fact] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    objectives: tuple[Objective, ...] = ()
    floors: tuple[Floor, ...] = ()
    pacing: Pacing = field(default_factory=Pacing)
    variation: Variation = field(default_factory=Variation)
    instructor_cues: tuple[dict[str, Any], ...] = ()  # what the instructor can make happen live (simulator.session.instructor)

    @property
    def conversational(self) -> bool:
        """Schema 2 and later: topics, memory, objectives, floors and pacing are in play."""
        return self.schema_version >= 2

    def choice(self, choice_id: str) -> tuple[Phase, Choice] | None:
        """The phase and choice with this id, if any."""
        for phase in self.phases.values():
            for choice in phase.choices:
                if choice.id == choice_id:
                    return phase, choice
        return None

    def summary_dict(self) -> dict[str, object]:
        """What a scenario list or card shows."""
        return {
            "id": self.id,
            "title": self.title,
            "path": self.path,
            "summary": self.summary,
            "presentation": self.person.presentation,
            "person": self.person.name,
            "difficulty": self.difficulty,
            "estimated_minutes": self.estimated_minutes,
            "content_warnings": list(self.content_warnings),
        }

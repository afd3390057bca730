"""A loaded, validated scenario as plain immutable objects.

The runtime, scoring and the app read these, never raw YAML, so that every
condition is already compiled and every id already checked when play starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
class Ending:
    id: str
    outcome: str
    title: str
    narration: str
    line: str
    debrief: Feedback
    teaching_points: tuple[str, ...]


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

"""Learning objectives made checkable: progress earned by content.

Each scenario turns its learning objectives into objectives the session can
check on every turn ("ask for the knife to be set down once trust allows",
"offer shade or water for the heat"). Good endings and phase gates read them
as ``met_<id>`` in conditions, so a kind but content-free officer plateaus:
the person calms somewhat, but the crisis does not resolve. Scoring and the
debrief read the same record through ``objective_status``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from simulator.events import SessionEvent
from simulator.scenario.model import Objective, ObjectiveTrigger, Scenario

OBJECTIVE_MET = "objective_met"  # the event type (also in simulator/events.py)


@dataclass(frozen=True)
class TurnContent:
    """What one turn did, as objectives read it."""

    topics: frozenset[str] = frozenset()
    techniques: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    referrals: frozenset[str] = frozenset()
    choices: frozenset[str] = frozenset()
    keywords: frozenset[str] = frozenset()
    facts: frozenset[str] = frozenset()  # told by the person this turn
    reflects: frozenset[str] = frozenset()  # told facts the officer reflected back this turn


def _matches(trigger: ObjectiveTrigger, turn: TurnContent) -> bool:
    pairs = ((trigger.topics, turn.topics), (trigger.techniques, turn.techniques), (trigger.actions, turn.actions),
             (trigger.referrals, turn.referrals), (trigger.choices, turn.choices), (trigger.keywords, turn.keywords),
             (trigger.facts, turn.facts), (trigger.reflects, turn.reflects))
    wanted = [(w, got) for w, got in pairs if w]
    return bool(wanted) and all(w & got for w, got in wanted)


def is_met(objective: Objective, turn: TurnContent, env: Mapping[str, float | bool]) -> bool:
    """Does this turn meet ``objective`` (one of its alternatives matches and its ``when`` holds)?"""
    if objective.when is not None and not objective.when(env):
        return False
    return any(_matches(t, turn) for t in objective.met_by)


@dataclass
class ObjectiveTracker:
    """Which objectives a session has met, and on which turn."""

    objectives: tuple[Objective, ...]
    met: dict[str, int] = field(default_factory=dict)

    def update(self, turn: TurnContent, env: Mapping[str, float | bool], turn_no: int) -> list[str]:
        """Record and return the objectives this turn newly meets."""
        new = [o.id for o in self.objectives if o.id not in self.met and is_met(o, turn, env)]
        for oid in new:
            self.met[oid] = turn_no
        return new

    def env(self) -> dict[str, bool]:
        return {f"met_{o.id}": o.id in self.met for o in self.objectives}


@dataclass(frozen=True)
class ObjectiveStatus:
    id: str
    text: str
    met: bool
    turn: int | None
    missed: str

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "met": self.met, "turn": self.turn, "missed": self.missed}


def objective_status(scenario: Scenario, events: Iterable[SessionEvent]) -> list[ObjectiveStatus]:
    """Each objective of ``scenario``, met or missed in this session (read from its events)."""
    met = {e.data.get("objective"): e.turn for e in events if e.type == OBJECTIVE_MET}
    return [ObjectiveStatus(o.id, o.text, o.id in met, met.get(o.id), o.missed) for o in scenario.objectives]

"""One person's side of one session: the facade the session's parts call.

The session owns the event stream and the phase machine; this object owns what
the person knows and remembers, which topic a turn is about, how well a
reflection listened, which objectives the officer has met, and the limits the
body and the clock set. Every method is a question or a plain update, so the
session decides *when* to ask and records the answers as events.

Only schema-2 scenarios get a conversation (``Scenario.conversational``):
schema-1 files and the sessions recorded with them play exactly as before.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.conversation import body
from simulator.conversation.answers import pick_answer, pick_line
from simulator.conversation.listening import REFLECTIONS, ListeningGrade, grade
from simulator.conversation.memory import Memory
from simulator.conversation.objectives import ObjectiveTracker, TurnContent
from simulator.conversation.variation import VariedPerson, vary
from simulator.scenario.conversation import common_topics
from simulator.scenario.model import Line, Scenario
from simulator.understanding.topics import TopicHit, TopicReader, TopicSpec

# A turn read as one of these says nothing the person would answer as a topic.
NO_ANSWER_TO = frozenset({"threaten", "insult"})


_READERS: dict[str, TopicReader] = {}


def topic_reader(scenario: Scenario) -> TopicReader:
    """The scenario's topic reader, built once per scenario file content (sessions reuse it)."""
    key = scenario.content_hash
    if key not in _READERS:
        if len(_READERS) > 64:
            _READERS.clear()
        _READERS[key] = TopicReader(topic_specs(scenario))
    return _READERS[key]


def topic_specs(scenario: Scenario) -> list[TopicSpec]:
    """What the topic reader needs of the scenario's topics, with the scenario as context: which phrasings and words
    came from the shared defaults (they give way to the scenario's own), the patterns in which a common topic's words
    only frame another topic, and which declared words are names here."""
    shared = common_topics()
    names = scenario_names(scenario)
    specs = []
    for t in scenario.topics.values():
        defaults = shared.get(t.id, {}) if t.common else {}
        specs.append(TopicSpec(
            t.id, t.phrasings, t.words, t.common,
            unless=tuple(defaults.get("unless", ())),
            shared=(*defaults.get("phrasings", ()), *defaults.get("words", ())),
            names=tuple(w for w in t.words if " " not in w.strip() and w.strip().lower() in names),
        ))
    return specs


_CAPITALISED = re.compile(r"(?<=[a-z,;:] )([A-Z][a-zA-Z]+)|\b([A-Z]{2,4})\b")


def scenario_names(scenario: Scenario) -> frozenset[str]:
    """The names in a scenario's own words, lower case: words written with a capital inside a sentence ("his wife
    is Linda", "the VA"). A name is strong evidence of what a turn is about, stronger than a shared phrase around it."""
    texts = [scenario.summary, scenario.setting, scenario.dispatch, scenario.person.name, scenario.person.appearance,
             *(f.text for f in scenario.facts.values()),
             *(ln.text for p in scenario.phases.values() for ln in (*p.enter, *p.lines)),
             *(ln.text for t in scenario.topics.values() for ln in (*t.answers, *t.repeat))]
    found = {m.group(1) or m.group(2) for text in texts for m in _CAPITALISED.finditer(text or "")}
    found |= set(scenario.person.name.split())
    return frozenset(w.lower() for w in found if w.lower() not in _NOT_NAMES)


# Capitalised inside a sentence without being anyone's name.
_NOT_NAMES = frozenset("i i'm i'll i've i'd ok okay tv".split())


@dataclass
class Conversation:
    """What the person knows, remembers and has been given in this session."""

    scenario: Scenario
    seed: int = 0
    memory: Memory = field(init=False)
    objectives: ObjectiveTracker = field(init=False)
    person: VariedPerson = field(init=False)
    generic_reflections: int = 0
    topics_answered: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.memory = Memory.for_scenario(self.scenario)
        self.objectives = ObjectiveTracker(self.scenario.objectives)
        self.person = vary(self.scenario, self.seed)
        self.reader = topic_reader(self.scenario)

    # -- the start ----------------------------------------------------------------
    def starting_variables(self, variables: dict[str, float | bool]) -> dict[str, float | bool]:
        """The declared start, moved by the seed within the declared ranges and the variant."""
        out = dict(variables)
        for name, value in self.person.start.items():
            out[name] = self.scenario.variables[name].clamp(value)
        for name, value in self.person.variant_set.items():
            var = self.scenario.variables[name]
            out[name] = var.clamp(value if isinstance(value, bool) else float(out[name]) + float(value))
        return out

    def start_data(self) -> dict[str, Any]:
        """What ``session_started`` records of the person: objectives, floors, the seeded variation."""
        return {
            "objectives": [{"id": o.id, "text": o.text} for o in self.scenario.objectives],
            "floors": [{"variable": f.variable, "min": f.minimum, "max": f.maximum, "when": f.when.source if f.when else None, "why": f.why}
                       for f in self.scenario.floors],
            "variation": self.person.to_dict(),
            "pacing": {"min_seconds": self.scenario.pacing.min_seconds, "min_turns": self.scenario.pacing.min_turns},
            "briefing": f"{self.scenario.dispatch} {self.scenario.summary}",
            "risks": sorted({ln.cue for ln in self._all_lines() if ln.cue}),
        }

    def _all_lines(self) -> list[Line]:
        lines = [ln for p in self.scenario.phases.values() for ln in (*p.enter, *p.lines)]
        return lines + [ln for t in self.scenario.topics.values() for ln in (*t.answers, *t.repeat)]

    # -- reading the turn ----------------------------------------------------------------
    def read_topic(self, text: str) -> TopicHit | None:
        return self.reader.read(text)

    def hear_officer(self, text: str, turn: int) -> str | None:
        """Remember the officer's name if this turn gives one."""
        return self.memory.hear_officer(text, turn)

    def listening(self, text: str, techniques: list[str]) -> list[ListeningGrade]:
        """Grade each reflective technique of the turn by the content it carries."""
        grades = []
        for tid in dict.fromkeys(techniques):
            if tid not in REFLECTIONS:
                continue
            g = grade(self.scenario, text, tid, self.memory.known, self.generic_reflections)
            if g.quality == "generic":
                self.generic_reflections += 1
            grades.append(g)
        return grades

    def scale(self, what: str) -> float:
        """How hard this technique or action bites for this seeded person."""
        return self.person.scale.get(what, 1.0)

    # -- state ---------------------------------------------------------------------------
    def env(self) -> dict[str, bool]:
        return {**self.memory.env(self.scenario), **self.objectives.env()}

    def hold(self, name: str, old: float, new: float, env: Mapping[str, float | bool]) -> float:
        return body.hold(self.scenario, name, old, new, env)

    def ending_blocked(self, ending_id: str, env: Mapping[str, float | bool]) -> str | None:
        return body.ending_blocked(self.scenario, ending_id, env)

    def action_idle(self, action: str, officer: Mapping[str, float | bool]) -> bool:
        return body.action_is_idle(action, officer)

    def meet(self, content: TurnContent, env: Mapping[str, float | bool], turn: int) -> list[str]:
        """The objectives this turn newly meets."""
        return self.objectives.update(content, env, turn)

    # -- what the person says --------------------------------------------------------------
    def answer(self, topic_id: str, env: Mapping[str, float | bool], rng: random.Random) -> Line | None:
        topic = self.scenario.topics.get(topic_id)
        return None if topic is None else pick_answer(topic, env, self.memory, rng)

    def first_answer_change(self, line: Line) -> dict[str, float | bool]:
        """A topic's own change, the first time it is answered (only then: asking twice earns nothing)."""
        if line.topic is None or line.topic in self.topics_answered:
            return {}
        self.topics_answered.add(line.topic)
        return dict(self.scenario.topics[line.topic].change)

    def allows(self, line: Line) -> bool:
        return self.memory.allows(line)

    def pick(self, lines: list[Line], rng: random.Random, avoid: frozenset[str] = frozenset()) -> Line | None:
        return pick_line(lines, self.memory, rng, avoid)

    def said(self, line_id: str, reveals: tuple[str, ...], turn: int) -> list[str]:
        """The person said a line: remember it, and return the facts it newly tells."""
        self.memory.said(line_id)
        return self.memory.tell(reveals, turn)

    def fill(self, text: str) -> str:
        return self.memory.fill(text)

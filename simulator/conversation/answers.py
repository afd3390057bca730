"""Which answer the person gives to a topic, given their state and what they already told.

The first answer that fits the state and tells something new wins (authors
order answers from most open to the deflection); asked again about something
already told, the person says a ``repeat`` line ("I told you — Denise") rather
than telling a new story; nothing is said twice in a row.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from simulator.conversation.memory import Memory
from simulator.scenario.model import Line, Topic


def _fits(line: Line, env: Mapping[str, float | bool], memory: Memory) -> bool:
    return (line.when is None or line.when(env)) and line.requires <= memory.known


def pick_answer(topic: Topic, env: Mapping[str, float | bool], memory: Memory, rng: random.Random) -> Line | None:
    """The person's answer to ``topic`` now, or None if every fitting answer is worn out."""
    fitting = [a for a in topic.answers if _fits(a, env, memory)]
    if not fitting:
        return None
    first = fitting[0]
    telling = [a for a in fitting if memory.news(a) and memory.allows(a)]
    if telling:  # the most open answer that tells something new: asked again, she goes deeper if she is willing
        return telling[0]
    usable = [a for a in fitting if memory.allows(a)]
    if not any(memory.sayings[a.id] for a in (*topic.answers, *topic.repeat)):
        # Asked for the first time, about facts she has already let slip some other way (the truck in her first
        # words): she still answers it, in the words of this answer, rather than "I told you" what she never said here.
        return usable[0] if usable else None
    if set(first.reveals) - memory.feelings:
        # she has told this already: she says so, or (if that too was just said) she does not tell it again
        again = [a for a in topic.repeat if _fits(a, env, memory) and memory.allows(a)]
        if again:
            return again[rng.randrange(len(again))]
    quiet = [a for a in usable if not set(a.reveals) - memory.feelings]  # a deflection tells nothing again
    # With no deflection left she still answers: an answer she has not given yet, even one that names what she told
    # elsewhere ("Tomorrow. You sound like Karen."), rather than ignore the question.
    unsaid = [a for a in usable if not memory.sayings[a.id]]
    pool = quiet or unsaid
    return pool[0] if pool else None


def pick_line(lines: tuple[Line, ...] | list[Line], memory: Memory, rng: random.Random, avoid: frozenset[str] = frozenset()) -> Line | None:
    """One of ``lines`` the memory allows (facts told, not the last line, not worn out), avoiding ``avoid`` when it can."""
    allowed = [ln for ln in lines if memory.allows(ln)]
    if not allowed:  # worn out: still never the same line twice in a row, never a fact not told
        allowed = [ln for ln in lines if ln.requires <= memory.known and ln.id != memory.last_line]
    if not allowed:
        return None
    fresh = [ln for ln in allowed if ln.id not in avoid] or allowed
    return fresh[rng.randrange(len(fresh))]

"""Scripted play: a transcript file or a playthrough's lines, run through a session.

One turn a line: what the officer says, or a command (``/ACTION``,
``/refer ID``, ``/choose ID``, ``/wait SECONDS``); ``#`` starts a comment.
Time is simulated: speaking and listening take as long as the words need, so
drift behaves as it would live, and the same script always gives the same result.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from simulator import events as ev
from simulator import vocabulary as vocab
from simulator.clock import ManualClock
from simulator.diagnostics import did_you_mean
from simulator.scenario.model import Scenario
from simulator.scoring import score
from simulator.session import Session
from simulator.understanding.reading import Reader

SECONDS_PER_WORD_SPOKEN = 0.4
SECONDS_PER_WORD_HEARD = 0.35
TURN_GAP = 1.0
ACTION_SECONDS = 2.0


COMMENT = re.compile(r"(?:^|\s)#.*$")


class ScriptError(ValueError):
    """A script line that cannot be played; the message says which line and why."""


@dataclass(frozen=True)
class Step:
    line: int
    kind: str  # "say" | "action" | "refer" | "choose" | "wait"
    value: str


def parse_script(text: str, source: str = "script") -> list[Step]:
    steps = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = COMMENT.sub("", raw).strip()  # `#` at the start or after a space starts a comment, as in YAML
        if not line:
            continue
        if not line.startswith("/"):
            steps.append(Step(number, "say", line))
            continue
        parts = line[1:].split()
        if not parts:
            raise ScriptError(f"{source}:{number}: an empty command '/' — write an action id, /refer ID, /choose ID or /wait SECONDS")
        cmd, args = parts[0], parts[1:]
        if cmd in ("refer", "choose"):
            if len(args) != 1:
                raise ScriptError(f"{source}:{number}: '/{cmd}' needs one id, e.g. /{cmd} {'mobile_crisis_team' if cmd == 'refer' else 'arrival.c1'}")
            if cmd == "refer" and args[0] not in vocab.REFERRALS:
                raise ScriptError(f"{source}:{number}: unknown referral '{args[0]}' — {did_you_mean(args[0], vocab.REFERRALS)}")
            steps.append(Step(number, cmd, args[0]))
        elif cmd == "wait":
            try:
                seconds = float(args[0])
                if not 0 <= seconds < math.inf:  # nan and inf would break the clock
                    raise ValueError
            except (IndexError, ValueError):
                raise ScriptError(f"{source}:{number}: '/wait' needs a number of seconds, e.g. /wait 30") from None
            steps.append(Step(number, "wait", str(seconds)))
        elif cmd in vocab.ACTIONS:
            steps.append(Step(number, "action", cmd))
        else:
            options = [*vocab.ACTIONS, "refer", "choose", "wait"]
            raise ScriptError(f"{source}:{number}: unknown command '/{cmd}' — {did_you_mean(cmd, options)}")
    return steps


def play_steps(session: Session, steps: list[Step]) -> None:
    """Feed ``steps`` to ``session`` on a manual clock, stopping at an ending."""
    clock = session.clock
    session.start()
    for step in steps:
        if session.finished:
            break
        if isinstance(clock, ManualClock):
            clock.advance(TURN_GAP + _heard_seconds(session))
            clock.advance(ACTION_SECONDS if step.kind in ("action", "refer") else SECONDS_PER_WORD_SPOKEN * len(step.value.split()))
        session.perform(step.kind, step.value, source="script")


def _heard_seconds(session: Session) -> float:
    """How long the person's last reply takes to say."""
    for e in reversed(session.events):
        if e.type == ev.PERSON_SAID:
            return SECONDS_PER_WORD_HEARD * len(str(e.data.get("text", "")).split())
        if e.type in ev.INPUT_TYPES:
            return 0.0
    return 0.0


def run_script(scenario: Scenario, steps: list[Step], seed: int = 0, reader: Reader | None = None) -> Session:
    session = Session(scenario, seed=seed, clock=ManualClock(), reader=reader)
    play_steps(session, steps)
    return session


def result(session: Session) -> dict[str, Any]:
    """The ``play --json`` shape: scenario, seed, ending, variables, scores, turns, events."""
    ending = None
    if session.ending:
        e = session.scenario.endings[session.ending]
        ending = {"id": e.id, "outcome": e.outcome}
    return {
        "scenario": session.scenario.id,
        "seed": session.seed,
        "ending": ending,
        "variables": {k: (v if isinstance(v, bool) else round(float(v), 2)) for k, v in session.variables.items()},
        "scores": score(session.events).as_dict(),
        "turns": session.turn,
        "events": [e.to_dict() for e in session.events],
    }

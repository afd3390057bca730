"""Scripted play: a transcript file or a playthrough's lines, run through a session.

One turn a line: what the officer says, or a command (``/ACTION``,
``/refer ID``, ``/choose ID``, ``/wait SECONDS``); ``#`` starts a comment.
The language itself is read by ``simulator.inputs.parse_line``.
Time is simulated: speaking and listening take as long as the words need, so
drift behaves as it would live, and the same script always gives the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator import events as ev
from simulator.clock import ManualClock
from simulator.inputs import Act, Choose, Command, Input, InputError, Refer, Say, Tick, Wait, parse_line
from simulator.scenario.model import Scenario
from simulator.scoring import score
from simulator.session import Session
from simulator.understanding.reading import Reader

SECONDS_PER_WORD_SPOKEN = 0.4
SECONDS_PER_WORD_HEARD = 0.35
TURN_GAP = 1.0
ACTION_SECONDS = 2.0


class ScriptError(ValueError):
    """A script line that cannot be played; the message says which line and why."""


@dataclass(frozen=True)
class Step:
    """One line of a script that is an input: its line number (for messages) and what it does."""

    line: int
    input: Input


def parse_script(text: str, source: str = "script") -> list[Step]:
    """Every input line of ``text`` (the slash-command language of ``simulator.inputs``), or ScriptError."""
    steps = []
    for number, raw in enumerate(text.splitlines(), start=1):
        try:
            parsed = parse_line(raw, "script")
        except InputError as exc:
            raise ScriptError(f"{source}:{number}: {exc}") from None
        if parsed is None:
            continue
        if isinstance(parsed, Command):  # only the terminal player has these, and parse_line gives them only there
            raise ScriptError(f"{source}:{number}: '/{parsed.name}' works only in the terminal player")
        steps.append(Step(number, parsed))
    return steps


def _acting_seconds(step: Input) -> float:
    """How long the officer takes: an action or a referral two seconds, words as long as they take to say."""
    if isinstance(step, Act | Refer):
        return ACTION_SECONDS
    if isinstance(step, Say):
        return SECONDS_PER_WORD_SPOKEN * len(step.text.split())
    if isinstance(step, Choose):
        return SECONDS_PER_WORD_SPOKEN * len(step.choice.split())
    if isinstance(step, Wait):
        return SECONDS_PER_WORD_SPOKEN  # the command itself, before the silence
    return 0.0


def seconds_before(session: Session, step: Input) -> float:
    """How long passes before ``step`` lands: the person finishes their line, a beat, then the officer acts.

    Public so that anything replaying a script in real widgets (the app's tests) keeps the
    same pace as the playthrough check, whose scenarios declare a minimum pace.
    """
    return TURN_GAP + _heard_seconds(session) + _acting_seconds(step)


def play_steps(session: Session, steps: list[Step]) -> None:
    """Feed ``steps`` to ``session`` on a manual clock, stopping at an ending."""
    clock = session.clock
    session.start()
    for step in steps:
        if session.finished:
            break
        if isinstance(clock, ManualClock):
            clock.advance(seconds_before(session, step.input))
        session.handle(step.input)
    if session.pending_offer and not session.finished and isinstance(clock, ManualClock):
        # The script ends on an offer she is still weighing: the officer waits, as in the app, until she answers.
        clock.advance(session.seconds_to_pace() + TURN_GAP)
        session.handle(Tick())


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

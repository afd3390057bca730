"""Replay: re-run a recorded session's inputs with its seed, at its times, and get the same session.

Since format 2 every input (ticks included) is logged as an ``input`` event, and
replay simply feeds those back to ``Session.handle``. For format-1 logs the
recorded inputs (said, chosen, acted, referred, waited) are fed to a fresh
session in order, each with the clock set to the exact session time it had
(``at``, written by the recorder; ``t`` for logs without it). Reactions
(understanding, referral answers, replies) are recomputed, not copied, so a
replay that gives the recorded scores proves the log is complete. Time that
acted on its own in a live session (the app's ticks: drift, silence, the time
limit) shows in the log as reactions that follow no input after a pause; the
replay ticks at those moments too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator import events as ev
from simulator import inputs
from simulator.inputs import Input, Say
from simulator.records.store import read_meta, read_raw_events
from simulator.records.validate import RecordError
from simulator.scenario.model import Scenario
from simulator.session import Session

TICK_GAP = 0.25  # a reaction this long after the event before it, with no input, was started by time (one call writes its events faster)

log = logging.getLogger(__name__)


class EventClock:
    """Replay's manual clock: the time is the recorded time of the event the session is about to write.

    A live session's clock runs on while one input is read and answered, so its
    reactions carry slightly different times; reading the time off the log,
    event by event, gives the replay the very same times (and so the same drift,
    the same elapsed-time conditions and the same time-weighted scores).
    """

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        # Events the replay does not write again are left out of the count: a live observer's failure, and,
        # in a format-1 log (which has no log of inputs), the ``input`` events the replay adds.
        self.skip = {ev.OBSERVER_FAILED} | (set() if any(r.get("type") == ev.INPUT for r in rows) else {ev.INPUT})
        self.times = [_time_of(r) for r in rows if r.get("type") not in self.skip]
        if self.times:
            self.times[0] = 0.0  # the session's origin: the live recorder wrote the start a few µs after it
        self.session: Session | None = None
        self.floor = 0.0
        self._seen = 0  # session events looked at so far
        self._written = 0  # of those, the ones that count

    def now(self) -> float:
        if self.session is not None:
            events = self.session.events
            for e in events[self._seen:]:
                self._written += e.type not in self.skip
            self._seen = len(events)
        n = self._written
        t = self.times[n] if n < len(self.times) else (self.times[-1] if self.times else 0.0)
        self.floor = max(self.floor, t)  # never backwards, even if the replay wanders off the log
        return self.floor


def _time_of(row: dict[str, Any]) -> float:
    """The session time of an event: the recorder's exact ``at``, kept within the ms the session logged as ``t``.

    ``at`` is read a few µs after the session stamped the event; when those µs
    cross a ms boundary, the time just inside the logged ms is the closest one
    that still gives the same ``t`` (and keeps successive events apart, so
    drift between them is not lost).
    """
    t = float(row["t"])
    at = row.get("at")
    if not isinstance(at, int | float):
        return t
    return float(at) if round(float(at), 3) == t else min(float(at), t + 0.000499)


@dataclass
class Replay:
    """A replayed session and what the replay found."""

    session: Session
    meta: dict[str, Any]
    scenario_changed: bool
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Step:
    at: float
    kind: str  # say | choose | act | refer | wait | quit | tick
    value: str = ""


def inputs_of(rows: list[dict[str, Any]]) -> list[Input]:
    """The inputs that drove the recorded session, in order: read from its ``input`` events (format 2 on),
    or inferred from its reactions for a format-1 log, which has none."""
    if any(row.get("type") == ev.INPUT for row in rows):
        try:
            return [inputs.from_dict(row.get("data", {})) for row in rows if row.get("type") == ev.INPUT]
        except inputs.InputError as exc:
            raise RecordError(f"cannot replay: an input in the log is damaged ({exc})") from None
    return [_as_input(step) for step in steps_of(rows)]


def _as_input(step: _Step) -> Input:
    if step.kind == "say":
        text, _, source = step.value.partition("\x00")
        return Say(text, source or "typed")
    return inputs.by_name(step.kind, step.value)


def steps_of(rows: list[dict[str, Any]]) -> list[_Step]:
    """Format 1: the calls that drove the recorded session, in order, inferred from its reactions."""
    steps: list[_Step] = []
    last_turn = 0
    prev_t = 0.0
    for i, row in enumerate(rows):
        kind, data, turn, t = row["type"], row.get("data", {}), int(row["turn"]), float(row["t"])
        at = float(row.get("at", t))
        starts_turn = turn > last_turn
        last_turn = max(last_turn, turn)
        if kind == ev.WAITED:
            steps.append(_Step(at, "wait", str(data["seconds"])))
        elif starts_turn and kind == ev.TRAINEE_SAID:
            steps.append(_Step(at, "say", str(data["text"]) + "\x00" + str(data.get("source", "typed"))))
        elif starts_turn and kind == ev.CHOICE_MADE:
            steps.append(_Step(at, "choose", str(data["choice"])))
        elif starts_turn and kind == ev.ACTION_TAKEN:
            steps.append(_Step(at, "act", str(data["action"])))
        elif starts_turn and kind == ev.REFERRAL_OFFERED:
            steps.append(_Step(at, "refer", str(data["resource"])))
        elif kind == ev.INPUT_IGNORED:
            method = {"choice": "choose", "action": "act", "referral": "refer", ev.TRAINEE_SAID: "say", ev.CHOICE_MADE: "choose",
                      ev.ACTION_TAKEN: "act", ev.REFERRAL_OFFERED: "refer", ev.WAITED: "wait"}.get(str(data.get("kind")))
            if method:
                value = str(data.get("value", ""))
                steps.append(_Step(at, method, value + "\x00typed" if method == "say" else value))
        elif kind == ev.SESSION_CLOSED:
            steps.append(_Step(at, "quit", str(data.get("reason", ""))))
        elif kind == ev.STATE_CHANGED and set(data.get("causes", [])) <= {"drift", "silence"}:
            # time's own change, from a tick (the app's timer, the terminal before each line), unless it is
            # the next input's settling of drift or the tick a wait ends with
            if not _before_input(rows, i) and not (i > 0 and rows[i - 1]["type"] == ev.WAITED):
                steps.append(_Step(at, "tick"))
        elif kind != ev.SESSION_STARTED and t - prev_t > TICK_GAP and not _tick_pending(rows, i):
            steps.append(_Step(at, "tick"))
        prev_t = t
    return steps


def _before_input(rows: list[dict[str, Any]], i: int) -> bool:
    """A drift change logged just before a turn's first event is that input's own (a turn settles drift first)."""
    row = rows[i]
    if row.get("data", {}).get("causes") != ["drift"] or i + 1 >= len(rows):
        return False
    nxt = rows[i + 1]
    return nxt["type"] in ev.INPUT_TYPES and nxt["type"] != ev.WAITED and int(nxt["turn"]) > int(row["turn"])


def _tick_pending(rows: list[dict[str, Any]], i: int) -> bool:
    """Whether the event before this one already started a tick (so this one is part of it)."""
    return i > 0 and rows[i - 1]["type"] == ev.STATE_CHANGED and set(rows[i - 1].get("data", {}).get("causes", [])) <= {"drift", "silence"} \
        and not _before_input(rows, i - 1)


def load_scenario_for(meta: dict[str, Any]) -> Scenario:
    from simulator.catalog import ScenarioNotFound, find

    try:
        return find(str(meta["scenario"]))
    except ScenarioNotFound as exc:
        raise RecordError(f"cannot replay: the scenario '{meta['scenario']}' is not installed ({exc})") from None


def replay(folder: Path, scenario: Scenario | None = None, strict: bool = False) -> Replay:
    """Re-run the session in ``folder``; ``strict`` refuses when the scenario changed since it was recorded."""
    meta = read_meta(folder)
    rows = read_raw_events(folder)
    if scenario is None:
        scenario = load_scenario_for(meta)
    changed = scenario.content_hash != meta.get("content_hash")
    warnings = []
    if changed:
        message = (f"the scenario '{scenario.id}' has changed since this session was recorded (content hash "
                   f"{str(meta.get('content_hash'))[:12]}… then, {scenario.content_hash[:12]}… now): the replay may differ from the session")
        if strict:
            raise RecordError(message.replace(": the replay may differ", "; refusing to replay (--strict)").split(" from the session")[0])
        warnings.append(message)
    clock = EventClock(rows)
    session = Session(scenario, seed=int(meta.get("seed", 0)), clock=clock, trainee=str(meta.get("trainee") or ""))
    clock.session = session
    session.start()
    if any(row.get("type") == ev.INSTRUCTOR for row in rows):  # an instructor steered it: their controls, in order
        _replay_instructed(session, rows)
    else:
        for value in inputs_of(rows):
            session.handle(value)
    return Replay(session, meta, changed, warnings)


def _replay_instructed(session: Session, rows: list[dict[str, Any]]) -> None:
    """Inputs and instructor events in the order they were recorded: a cue or a nudge changes what follows."""
    from simulator.session.instructor import ControlError, apply_control

    for row in rows:
        if row.get("type") == ev.INPUT:
            try:
                value = inputs.from_dict(row.get("data", {}))
            except inputs.InputError as exc:
                raise RecordError(f"cannot replay: an input in the log is damaged ({exc})") from None
            session.handle(value)
        elif row.get("type") == ev.INSTRUCTOR:
            try:
                apply_control(session, row.get("data", {}))
            except ControlError as exc:
                log.warning("replay: instructor event %s not applied (%s)", row.get("seq"), exc)

"""The instructor's controls and what each does to a session, recorded in its log as an ``instructor`` event.

Every control (pause/resume, end, a cue, a nudge, a private hint, a note pinned
to the turn) is applied on the session's own thread by ``apply_control``: it
writes the ``instructor`` event first (so replay and reports see who did what,
at which turn), then its effect as the ordinary events the session would write
(a narrator line, a ``state_changed`` with the cause ``instructor:...``, the
person's reply). Replay (``simulator.records.replay``) re-runs a recorded session's inputs and
its instructor events in their order, so a session the instructor steered still
replays to the same state; that is why this module lives with the session,
below the records, and not with the hub.

Cues: the scenario may declare its own (``instructor_cues:``, proposed on the
board); the built-in ones (a bystander shouts, the cover officer moves up, the
crisis team arrives) apply to every scenario and move only variables the
scenario has, clamped to its ranges.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator import events as ev
from simulator.events import Instructor, SessionEvent
from simulator.session import Session
from simulator.session.changes import Changes, apply, rounded_all

log = logging.getLogger(__name__)

INSTRUCTOR = ev.INSTRUCTOR
KINDS = ("pause", "resume", "end", "cue", "nudge", "hint", "note")
END_REASON = "the instructor ended the session"
MAX_TEXT = 2000
UPSET_AT = 60  # agitation at or above which the person answers a cue with the upset reply


class ControlError(ValueError):
    """A control the station refuses (unknown kind, unknown cue, a variable the scenario lacks)."""


@dataclass(frozen=True)
class Cue:
    """Something the instructor makes happen in the scene, and how the person takes it."""

    id: str
    label: str
    narration: str
    change: Mapping[str, float] = field(default_factory=dict)
    reply: str = ""  # the person's answer while calm enough
    reply_upset: str = ""  # ... and while agitated (``UPSET_AT`` or more)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "narration": self.narration, "change": dict(self.change)}


DEFAULT_CUES: tuple[Cue, ...] = (
    Cue("bystander_shouts", "Bystander shouts",
        "A bystander behind the tape shouts: \"Just grab them already! What are you waiting for?\"",
        {"agitation": 12, "trust": -5},
        reply="Who is that? ...Are they with you? Tell them to stop.",
        reply_upset="See? They all want me dragged off! You're with them, aren't you?"),
    Cue("cover_moves_up", "Cover officer moves up",
        "Your cover officer steps up closer behind you, one hand near the belt.",
        {"agitation": 9, "trust": -7},
        reply="Why is he coming closer? You said we were just talking.",
        reply_upset="Stay back! Tell him to stay back or I'm done talking!"),
    Cue("crisis_team_arrives", "Crisis team arrives",
        "The mobile crisis team pulls up quietly and waits by their car until you wave them over.",
        {"agitation": -4, "trust": 3},
        reply="Who are they? ...They're not here to take me away, are they?",
        reply_upset="More people? How many of you are there going to be?"),
)


def cues_for(scenario: Any) -> tuple[Cue, ...]:
    """The scenario's own cues (``instructor_cues``, once the format has them), then the built-in ones it does not redefine."""
    own = tuple(_cue_of(c) for c in getattr(scenario, "instructor_cues", ()) or ())
    ids = {c.id for c in own}
    return own + tuple(c for c in DEFAULT_CUES if c.id not in ids)


def _cue_of(raw: Any) -> Cue:
    if isinstance(raw, Cue):
        return raw
    return Cue(str(raw["id"]), str(raw.get("label", raw["id"])), str(raw.get("narration", "")), dict(raw.get("change", {})),
               str(raw.get("reply", "")), str(raw.get("reply_upset", raw.get("reply", ""))))


def number_ranges(session: Session) -> dict[str, tuple[float, float]]:
    return {n: (v.minimum, v.maximum) for n, v in session.scenario.variables.items() if v.kind == "number"}


def check_control(session: Session, control: Mapping[str, Any]) -> Instructor:
    """The ``instructor`` payload for ``control`` in this session, or ControlError saying why it cannot apply."""
    kind = control.get("kind")
    if kind not in KINDS:
        raise ControlError(f"unknown control {str(kind)[:30]!r}")
    data: Instructor = {"kind": str(kind), "id": str(control.get("id") or secrets.token_hex(6))[:40], "by": str(control.get("by", ""))[:80]}
    if kind in ("hint", "note"):
        text = control.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ControlError(f"a {kind} needs some text")
        if len(text) > MAX_TEXT:
            raise ControlError(f"a {kind} may be at most {MAX_TEXT} characters")
        data["text"] = text.strip()
    elif kind == "cue":
        cue = str(control.get("cue", ""))
        if cue not in {c.id for c in cues_for(session.scenario)}:
            raise ControlError(f"this scenario has no cue {cue[:40]!r}")
        data["cue"] = cue
    elif kind == "nudge":
        raw = control.get("changes")
        if not isinstance(raw, dict) or not raw:
            raise ControlError("a nudge needs changes: {variable: amount}")
        ranges = number_ranges(session)
        changes: dict[str, float] = {}
        for name, delta in raw.items():
            if name not in ranges:
                raise ControlError(f"this scenario has no number variable {str(name)[:40]!r}")
            if not isinstance(delta, int | float) or isinstance(delta, bool) or delta != delta:
                raise ControlError(f"nudge {name}: {delta!r} is not a number")
            low, high = ranges[name]
            span = high - low
            changes[name] = max(-span, min(span, float(delta)))  # any larger amount only hits the range's end
        data["changes"] = changes
    return data


def apply_control(session: Session, control: Mapping[str, Any]) -> Instructor | None:
    """Apply one control on the session's thread: the ``instructor`` event, then its effect. None if the session is over.

    ControlError (nothing written) for a control that does not fit this session.
    """
    if not session.started:
        session.start()
    if session.finished:
        return None
    data = check_control(session, control)
    _emit(session, INSTRUCTOR, **data)
    kind = data["kind"]
    if kind == "end":
        session.quit(END_REASON)
    elif kind == "cue":
        cue = next(c for c in cues_for(session.scenario) if c.id == data["cue"])
        _emit(session, ev.PERSON_SAID, line=f"instructor.cue.{cue.id}", text=cue.narration, speaker="narrator", cue=None)
        _change(session, {k: v for k, v in cue.change.items() if k in number_ranges(session)}, f"instructor:cue:{cue.id}")
        upset = float(session.variables.get("agitation", 0) or 0) >= UPSET_AT
        reply = (cue.reply_upset if upset else cue.reply) or cue.reply
        if reply and not session.finished:
            _emit(session, ev.PERSON_SAID, line=f"instructor.cue.{cue.id}.{'upset' if upset else 'reply'}", text=reply, speaker="person",
                  cue=None, variables=rounded_all(session.variables))
    elif kind == "nudge":
        _change(session, data["changes"], "instructor:nudge")
    return data


def _change(session: Session, change: Mapping[str, float], cause: str) -> None:
    """Move the person's state within the scenario's ranges, as a ``state_changed`` event; then let the scenario's rules act."""
    changes = Changes()
    apply(session.variables, session.scenario.variables, dict(change), 1.0, cause, changes)
    moved = changes.moved()
    if moved:
        _emit(session, ev.STATE_CHANGED, changes=moved, causes=changes.causes(), variables=rounded_all(session.variables))
    # A state the scenario's own rules react to (an automatic transition, a limit) takes effect as after any turn.
    settle = getattr(session, "_auto_transitions", None)
    if settle is not None and not session.finished:
        settle(set())
    limits = getattr(session, "_check_limits", None)
    if limits is not None:
        limits()


def _emit(session: Session, type_: Any, **data: Any) -> SessionEvent:
    # The session's own emitter, so the event gets its seq, time and turn and reaches every observer (the recorder).
    # A public ``Session.instruct(...)`` is requested of the lead; this is the one place that reaches in.
    return session._emit(type_, **data)

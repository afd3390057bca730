"""The session's one event stream: every input and every reaction, typed and timestamped.

The app shows it, the recorder appends it to disk, scoring reads it, replay
re-reads it. So an event is plain data (JSON-ready), carries the turn it
belongs to and the session time it happened at, and is never changed once
emitted.

This module is the one place the event types and their payloads are written
down: ``EventType`` names them (a ``str`` enum, so the JSON on disk is the same
plain strings it always was and ``e.type == "person_said"`` still holds), and
one ``TypedDict`` per type says what its ``data`` carries (``PAYLOADS``).
``payload_problems`` checks a payload against it, for readers of logs that may
be damaged or forged.

Format 2 adds the ``input`` event: every input the session is handed (ticks
included) is logged first, as ``simulator.inputs.to_dict`` writes it, so replay
reads the inputs back instead of inferring them. Format-1 logs have none; their
reactions are unchanged, so they still replay (``records/replay.py``).
"""

# No ``from __future__ import annotations`` here: TypedDict reads NotRequired[...] only from real annotations on 3.11.
import copy
import types
import typing
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final, NotRequired, TypedDict, Union


class EventType(StrEnum):
    """What happened. Inputs first (what the trainee did), then reactions (what the simulation made of it)."""

    SESSION_STARTED = "session_started"
    INPUT = "input"
    TRAINEE_SAID = "trainee_said"
    CHOICE_MADE = "choice_made"
    ACTION_TAKEN = "action_taken"
    REFERRAL_OFFERED = "referral_offered"
    WAITED = "waited"
    INPUT_IGNORED = "input_ignored"
    UNDERSTOOD = "understood"
    KEYWORD_HEARD = "keyword_heard"
    STATE_CHANGED = "state_changed"
    PHASE_CHANGED = "phase_changed"
    PERSON_SAID = "person_said"
    TEACHING_POINT = "teaching_point"
    SESSION_ENDED = "session_ended"
    SESSION_CLOSED = "session_closed"
    OBSERVER_FAILED = "observer_failed"
    # The conversation (issue 11): what the person has told, the objectives met, how well a reflection listened.
    FACT_REVEALED = "fact_revealed"
    OBJECTIVE_MET = "objective_met"
    LISTENING = "listening"
    # Ruptures and repairs (issue 19): a misstep and what it cost; a repair and what it won back.
    RUPTURE = "rupture"
    REPAIR = "repair"
    # The instructor's console (issue 16): a control an instructor used on this station, live.
    INSTRUCTOR = "instructor"


# The names every module has used since format 1 (``ev.PERSON_SAID``): the enum members themselves.
SESSION_STARTED: Final = EventType.SESSION_STARTED
INPUT: Final = EventType.INPUT
TRAINEE_SAID: Final = EventType.TRAINEE_SAID
CHOICE_MADE: Final = EventType.CHOICE_MADE
ACTION_TAKEN: Final = EventType.ACTION_TAKEN
REFERRAL_OFFERED: Final = EventType.REFERRAL_OFFERED
WAITED: Final = EventType.WAITED
INPUT_IGNORED: Final = EventType.INPUT_IGNORED
UNDERSTOOD: Final = EventType.UNDERSTOOD
KEYWORD_HEARD: Final = EventType.KEYWORD_HEARD
STATE_CHANGED: Final = EventType.STATE_CHANGED
PHASE_CHANGED: Final = EventType.PHASE_CHANGED
PERSON_SAID: Final = EventType.PERSON_SAID
TEACHING_POINT: Final = EventType.TEACHING_POINT
SESSION_ENDED: Final = EventType.SESSION_ENDED
SESSION_CLOSED: Final = EventType.SESSION_CLOSED
OBSERVER_FAILED: Final = EventType.OBSERVER_FAILED
FACT_REVEALED: Final = EventType.FACT_REVEALED
OBJECTIVE_MET: Final = EventType.OBJECTIVE_MET
LISTENING: Final = EventType.LISTENING
RUPTURE: Final = EventType.RUPTURE
REPAIR: Final = EventType.REPAIR
INSTRUCTOR: Final = EventType.INSTRUCTOR

# The reactions that show a trainee's turn (``input`` is the log of the call itself, not one of these).
INPUT_TYPES: Final = frozenset({TRAINEE_SAID, CHOICE_MADE, ACTION_TAKEN, REFERRAL_OFFERED, WAITED})
# Either of these is the last event of a session.
FINAL_TYPES: Final = frozenset({SESSION_ENDED, SESSION_CLOSED})

Number = float | int
Value = float | int | bool


# -- payloads: what each event's ``data`` carries ------------------------------------------------------

class SessionStarted(TypedDict):
    scenario: str
    title: str
    content_hash: str
    seed: int
    trainee: str
    phase: str
    variables: dict[str, Value]
    officer: dict[str, Value]
    ranges: dict[str, list[Number]]  # number variables: [minimum, maximum]


class InputLogged(TypedDict):
    """``simulator.inputs.to_dict``: the kind, then that input's own fields."""

    kind: str  # say | choose | act | refer | wait | tick | quit
    text: NotRequired[str]
    source: NotRequired[str]  # typed | speech | script
    heard: NotRequired[str]  # a spoken turn: what the recogniser heard, when the trainee edited it before sending
    confidence: NotRequired[Number]  # a spoken turn: the recogniser's confidence, 0-1
    choice: NotRequired[str]
    action: NotRequired[str]
    resource: NotRequired[str]
    seconds: NotRequired[Number]
    reason: NotRequired[str]


class TraineeSaid(TypedDict):
    text: str
    source: str  # typed | speech | script
    heard: NotRequired[str]  # what the recogniser heard, when it differs from what was sent
    confidence: NotRequired[Number]  # the recogniser's confidence in what it heard, 0-1


class ChoiceMade(TypedDict):
    choice: str
    text: str
    techniques: list[str]
    action: str | None
    referral: str | None
    rating: str
    said: str | None  # the words, when a spoken or typed turn matched the choice
    similarity: float | None


class ActionTaken(TypedDict):
    action: str
    via: NotRequired[str]  # "choice": the action came with a menu choice


class ReferralOffered(TypedDict):
    resource: str
    rating: str
    accepted: bool
    why: str
    held_back: NotRequired[str]  # schema 2: why a yes was held back (an unmet requirement, or too soon)
    pending: NotRequired[bool]  # too soon, but she would take it: she weighs it until the minimum pace is met
    resumed: NotRequired[bool]  # the answer to an offer she was weighing, given once the pace allowed


class Waited(TypedDict):
    seconds: Number


class InputIgnored(TypedDict):
    kind: str  # choice | action | referral, or the event type of the input refused after the end
    value: str
    reason: str


class Understood(TypedDict):
    text: str
    primary: str
    polarity: str
    techniques: list[dict[str, Any]]  # [{id, confidence, evidence}], primary first
    choice: NotRequired[str]  # the turn was a menu choice (picked, or matched from what was said)
    untold: NotRequired[list[str]]  # schema 2: three or more of the person's facts named before she told them


class KeywordHeard(TypedDict):
    keyword: str
    phrase: str


class StateChanged(TypedDict):
    changes: dict[str, list[Value]]  # variable: [old, new]
    causes: list[str]  # "technique:ID", "action:ID", "drift", "silence", "referral:ID", "line:ID", ...
    variables: dict[str, Value]  # every variable after the change


PhaseChanged = TypedDict("PhaseChanged", {"from": str, "to": str, "transition": str | None})


class PersonSaid(TypedDict):
    line: str
    text: str
    speaker: str  # person | narrator | a character id
    cue: str | None
    variables: NotRequired[dict[str, Value]]  # the state the line was said in (narration has none)


class TeachingPoint(TypedDict):
    text: str
    source: str  # "keyword:ID", "transition:ID", ...


class SessionEnded(TypedDict):
    ending: str
    outcome: str
    title: str
    narration: str


class SessionClosed(TypedDict):
    reason: str


class ObserverFailed(TypedDict):
    """An observer (the recorder, a view) raised on an event; the session went on without it."""

    observer: str
    error: str
    event: int  # the seq of the event it failed on


class FactRevealed(TypedDict):
    fact: str


class ObjectiveMet(TypedDict):
    objective: str


class Listening(TypedDict):
    technique: str
    quality: str  # content | generic | misfire
    facts: list[str]  # the revealed facts the reflection carried


class Rupture(TypedDict):
    what: str  # the technique or action id
    size: str  # slip | hurtful | dangerous
    cost: dict[str, Number]  # what it moved (agitation up, trust down)


class Repair(TypedDict):
    rupture_turn: int
    what: str  # what was repaired
    how: str  # apology | step_back | holster | slowing down
    restored: dict[str, Number]


class Instructor(TypedDict):
    kind: str  # pause | resume | end | cue | nudge | hint | note
    id: str  # the control's own id (the hub's message id): replayed controls are refused by it
    by: str  # who sent it (the instructor's name at the hub)
    text: NotRequired[str]  # a hint's or a note's words
    cue: NotRequired[str]  # the instructor cue injected
    changes: NotRequired[dict[str, Number]]  # a nudge's change to the person's state


PAYLOADS: Final[dict[EventType, type]] = {
    SESSION_STARTED: SessionStarted,
    INPUT: InputLogged,
    TRAINEE_SAID: TraineeSaid,
    CHOICE_MADE: ChoiceMade,
    ACTION_TAKEN: ActionTaken,
    REFERRAL_OFFERED: ReferralOffered,
    WAITED: Waited,
    INPUT_IGNORED: InputIgnored,
    UNDERSTOOD: Understood,
    KEYWORD_HEARD: KeywordHeard,
    STATE_CHANGED: StateChanged,
    PHASE_CHANGED: PhaseChanged,
    PERSON_SAID: PersonSaid,
    TEACHING_POINT: TeachingPoint,
    SESSION_ENDED: SessionEnded,
    SESSION_CLOSED: SessionClosed,
    OBSERVER_FAILED: ObserverFailed,
    FACT_REVEALED: FactRevealed,
    OBJECTIVE_MET: ObjectiveMet,
    LISTENING: Listening,
    RUPTURE: Rupture,
    REPAIR: Repair,
    INSTRUCTOR: Instructor,
}


@dataclass(frozen=True)
class SessionEvent:
    """One thing that happened: ``seq`` orders events, ``t`` is seconds since the start."""

    seq: int
    t: float
    turn: int
    type: EventType
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # A copy, so nothing a caller does to the dict changes the event; the type as its plain string.
        return {"seq": self.seq, "t": self.t, "turn": self.turn, "type": str(self.type), "data": copy.deepcopy(self.data)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "SessionEvent":
        """An event back from its JSON form; ValueError (naming the type) for a type this version does not know."""
        return cls(int(raw["seq"]), float(raw["t"]), int(raw["turn"]), event_type(raw["type"]), dict(raw.get("data", {})))


def event_type(name: Any) -> EventType:
    try:
        return EventType(str(name))
    except ValueError:
        raise ValueError(f"unknown event type '{name}'") from None


def payload_problems(type_: EventType, data: Any) -> list[str]:
    """What is wrong with ``data`` as the payload of a ``type_`` event: missing keys, wrong kinds of value.

    Shallow on purpose (a key's value is checked against its declared type one
    level down): enough to keep a damaged or forged log from crashing a reader.
    """
    if not isinstance(data, dict):
        return [f"the data of a '{type_}' event is {type(data).__name__}, not a mapping"]
    spec = PAYLOADS[type_]
    hints = typing.get_type_hints(spec)
    problems = [f"'{type_}' event without '{key}'" for key in sorted(spec.__required_keys__) if key not in data]  # type: ignore[attr-defined]
    for key, value in data.items():
        if key in hints and not _is(value, hints[key]):
            problems.append(f"'{type_}' event: '{key}' is {type(value).__name__} {str(value)[:40]!r}")
    return problems


def _is(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin is NotRequired:
        return _is(value, typing.get_args(hint)[0])
    if origin in (Union, types.UnionType):
        return any(_is(value, h) for h in typing.get_args(hint))
    if hint is Any:
        return True
    if hint is type(None):
        return value is None
    if hint in (int, float):  # JSON numbers; a bool is not a number here
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is bool:
        return isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if origin is list:
        return isinstance(value, list)
    if origin is dict:
        return isinstance(value, dict)
    return True

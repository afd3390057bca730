"""The session's one event stream: every input and every reaction, typed and timestamped.

The app shows it, the recorder appends it to disk, scoring reads it, replay
re-reads it. So an event is plain data (JSON-ready), carries the turn it
belongs to and the session time it happened at, and is never changed once
emitted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Final

# Inputs (what the trainee did)
SESSION_STARTED: Final = "session_started"
TRAINEE_SAID: Final = "trainee_said"  # data: text, source ("typed" | "speech")
CHOICE_MADE: Final = "choice_made"  # data: choice, text, techniques, action, referral, rating
ACTION_TAKEN: Final = "action_taken"  # data: action
REFERRAL_OFFERED: Final = "referral_offered"  # data: resource, rating, accepted, why
WAITED: Final = "waited"  # data: seconds
INPUT_IGNORED: Final = "input_ignored"  # data: kind, value, reason
# Reactions (what the simulation made of it)
UNDERSTOOD: Final = "understood"  # data: primary, polarity, techniques [{id, confidence, evidence}], choice?
KEYWORD_HEARD: Final = "keyword_heard"  # data: keyword, phrase
STATE_CHANGED: Final = "state_changed"  # data: changes {var: [old, new]}, causes [..]
PHASE_CHANGED: Final = "phase_changed"  # data: from, to, transition
PERSON_SAID: Final = "person_said"  # data: line, text, speaker, cue
TEACHING_POINT: Final = "teaching_point"  # data: text, source
SESSION_ENDED: Final = "session_ended"  # data: ending, outcome, title
SESSION_CLOSED: Final = "session_closed"  # data: reason (the trainee quit before an ending)

INPUT_TYPES: Final = frozenset({TRAINEE_SAID, CHOICE_MADE, ACTION_TAKEN, REFERRAL_OFFERED, WAITED})


@dataclass(frozen=True)
class SessionEvent:
    """One thing that happened: ``seq`` orders events, ``t`` is seconds since the start."""

    seq: int
    t: float
    turn: int
    type: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> SessionEvent:
        return cls(int(raw["seq"]), float(raw["t"]), int(raw["turn"]), str(raw["type"]), dict(raw.get("data", {})))

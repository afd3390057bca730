"""Whether a replay gave the recorded session, and if not exactly where it parted: which event, which field.

The recorded log and the replayed events are compared event by event (type,
turn, time to the logged millisecond, every field of the payload). A session
killed mid-turn has a log that stops part-way through its last turn, while the
replay plays that turn to its end: such a log replays as equal when every event
it holds matches, up to its last whole event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from simulator import events as ev
from simulator.events import SessionEvent

TIME_TOLERANCE = 0.0015  # the log keeps ms; the replay's clock reads the exact recorded times


@dataclass(frozen=True)
class Comparison:
    """``same`` when every recorded event was replayed as it was; ``difference`` says where it was not."""

    same: bool
    compared: int  # events compared
    recorded: int
    replayed: int
    difference: str = ""
    note: str = ""  # e.g. the recording stopped mid-turn, and the replay agrees up to its end


def _skipped(recorded: list[SessionEvent]) -> set[str]:
    """Event types one side writes and the other does not: observer failures, and input logs a format-1 log lacks."""
    skip = {str(getattr(ev, "OBSERVER_FAILED", "observer_failed"))}
    input_type = str(getattr(ev, "INPUT", "input"))
    if not any(e.type == input_type for e in recorded):
        skip.add(input_type)
    return skip


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def first_difference(recorded: Any, replayed: Any, path: str = "data") -> str | None:
    """The first field (as a dotted path) where two payloads differ, with both values; None if they are equal."""
    if isinstance(recorded, dict) and isinstance(replayed, dict):
        for key in list(recorded) + [k for k in replayed if k not in recorded]:
            if key not in replayed:
                return f"{path}.{key}: recorded {_show(recorded[key])}, the replay has no such field"
            if key not in recorded:
                return f"{path}.{key}: the recording has no such field, replayed {_show(replayed[key])}"
            found = first_difference(recorded[key], replayed[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(recorded, list) and isinstance(replayed, list):
        for i, (a, b) in enumerate(zip(recorded, replayed)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        if len(recorded) != len(replayed):
            return f"{path}: recorded {len(recorded)} items, replayed {len(replayed)}"
        return None
    if isinstance(recorded, int | float) and isinstance(replayed, int | float) and not isinstance(recorded, bool) and not isinstance(replayed, bool):
        return None if abs(float(recorded) - float(replayed)) <= 1e-9 * max(1.0, abs(float(recorded))) else f"{path}: recorded {_show(recorded)}, replayed {_show(replayed)}"
    if recorded != replayed or type(recorded) is not type(replayed):
        return f"{path}: recorded {_show(recorded)}, replayed {_show(replayed)}"
    return None


def compare(recorded: list[SessionEvent], replayed: list[SessionEvent], finished: bool | None = None) -> Comparison:
    """Compare a recorded session's events with its replay's.

    ``finished``: whether the recording was closed properly (session.json says so); a log that was
    not may stop anywhere, and is equal when the replay agrees with all it holds. Unknown (None):
    finished if the log has an ending.
    """
    skip = _skipped(recorded)
    rec = [e for e in recorded if e.type not in skip]
    rep = [e for e in replayed if e.type not in skip]
    for i, (a, b) in enumerate(zip(rec, rep)):
        where = f"event {i + 1} of {len(rec)} (seq {a.seq}, turn {a.turn}, {a.type})"
        if a.type != b.type:
            return Comparison(False, i, len(rec), len(rep), f"{where}: the replay wrote a {b.type} event there instead")
        if a.turn != b.turn:
            return Comparison(False, i, len(rec), len(rep), f"{where}: turn: recorded {a.turn}, replayed {b.turn}")
        if abs(a.t - b.t) > TIME_TOLERANCE:
            return Comparison(False, i, len(rec), len(rep), f"{where}: time: recorded {a.t:.3f} s, replayed {b.t:.3f} s")
        found = first_difference(a.data, b.data)
        if found:
            return Comparison(False, i, len(rec), len(rep), f"{where}: {found}")
    n = min(len(rec), len(rep))
    if len(rec) > len(rep):
        nxt = rec[len(rep)]
        return Comparison(False, n, len(rec), len(rep),
                          f"the replay stops after {len(rep)} events; the recording goes on with event {len(rep) + 1} (seq {nxt.seq}, turn {nxt.turn}, {nxt.type})")
    if finished is None:
        finished = any(e.type in (ev.SESSION_ENDED, ev.SESSION_CLOSED) for e in rec)
    if len(rep) > len(rec):
        if finished:
            extra = rep[len(rec)]
            return Comparison(False, n, len(rec), len(rep), f"the recording ends after {len(rec)} events, the replay goes on ({extra.type} at turn {extra.turn})")
        return Comparison(True, n, len(rec), len(rep), note=(f"the recording stopped after {len(rec)} events (the program was stopped mid-session); "
                                                                 f"the replay matches every one of them and goes on to {len(rep)}"))
    return Comparison(True, n, len(rec), len(rep))

"""What a recorded session's files may contain: each event, session.json and notes.json checked field by field.

A session folder may come from anywhere (a copy from a trainee's laptop, an
archive, a half-written file after a crash), and everything that reads it
(the listing, replay, the reports, scoring) trusts the shapes the recorder
writes. So every read checks them here first and turns the first surprise into
a ``RecordError`` naming the file, the line, the field and what it should be:
a damaged session is then listed as damaged, never a traceback.

The checks cover the fields the readers use; unknown event types and extra
fields pass (newer versions add them), as long as they are plain JSON within
the limits below.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from simulator import events as ev
from simulator.diagnostics import UserError

# Limits. A 50-turn session's log is about 60 KB, its longest line (the opening narration) about 2 KB.
MAX_LOG_BYTES = 64 * 1024 * 1024
MAX_META_BYTES = 1024 * 1024
MAX_NOTES_BYTES = 8 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
MAX_TEXT_CHARS = 20_000  # one turn's text, one line of the person's, one note
MAX_DEPTH = 16
MAX_INT = 2**53  # beyond this a JSON number is not exact in any reader
SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


class RecordError(UserError):
    """A session folder or archive that cannot be read; the message names the file and what is wrong."""


class _Bad(Exception):
    """One field that is not what it should be (turned into a RecordError with the file and line)."""


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(raw: bytes | str) -> Any:
    """``json.loads`` that refuses NaN and Infinity and turns every parser failure into ValueError."""
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _plain(value: Any, where: str, depth: int = 0) -> None:
    """Plain JSON within the limits: finite numbers, integers a float can hold, bounded text and nesting."""
    if depth > MAX_DEPTH:
        raise _Bad(f"{where} is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            raise _Bad(f"{where} is the number {str(value)[:20]}…, beyond any the recorder writes")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Bad(f"{where} is {value}, not a finite number")
        return
    if isinstance(value, str):
        if len(value) > MAX_TEXT_CHARS:
            raise _Bad(f"{where} is {len(value)} characters long (at most {MAX_TEXT_CHARS})")
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _plain(item, f"{where}[{i}]", depth + 1)
        return
    if isinstance(value, dict):
        for k, item in value.items():
            _plain(item, f"{where}.{k}", depth + 1)
        return
    raise _Bad(f"{where} is a {type(value).__name__}")


# -- field checks: each returns a description of what is wrong, or None -------------------------------------------
Check = Callable[[Any], str | None]


def _is(kind: type | tuple[type, ...], name: str) -> Check:
    kinds = kind if isinstance(kind, tuple) else (kind,)

    def check(v: Any) -> str | None:
        if isinstance(v, bool) and bool not in kinds:  # JSON true is not a number here
            return f"should be {name}"
        return None if isinstance(v, kinds) else f"should be {name}"
    return check


TEXT = _is(str, "text")
FLAG = _is(bool, "true or false")
INT = _is(int, "a whole number")
NUMBER = _is((int, float), "a number")


def _optional(check: Check) -> Check:
    def opt(v: Any) -> str | None:
        return None if v is None else check(v)
    return opt


def _seconds(v: Any) -> str | None:
    if NUMBER(v) is not None:
        return "should be a number of seconds"
    return None if 0 <= v <= 86_400 else "should be between 0 and 86400 seconds"


def _list_of(check: Check, name: str) -> Check:
    def lst(v: Any) -> str | None:
        if not isinstance(v, list):
            return f"should be a list of {name}"
        for i, item in enumerate(v):
            problem = check(item)
            if problem:
                return f"item {i} {problem}"
        return None
    return lst


def _dict_of(check: Check, name: str) -> Check:
    def dct(v: Any) -> str | None:
        if not isinstance(v, dict):
            return f"should be a mapping of names to {name}"
        for k, item in v.items():
            problem = check(item)
            if problem:
                return f"'{k}' {problem}"
        return None
    return dct


def _technique(v: Any) -> str | None:
    if not isinstance(v, dict):
        return "should be {id, confidence}"
    if TEXT(v.get("id")):
        return "has an id that is not text"
    if NUMBER(v.get("confidence")):
        return "has a confidence that is not a number"
    return None


def _change(v: Any) -> str | None:
    return None if isinstance(v, list) and len(v) == 2 else "should be [old, new]"


def _range(v: Any) -> str | None:
    return None if isinstance(v, list) and len(v) == 2 and all(NUMBER(x) is None for x in v) else "should be [low, high]"


_VALUE = _is((int, float, bool, str), "a number, text or true/false")

# type -> {field: (required, check)}
PAYLOADS: dict[str, dict[str, tuple[bool, Check]]] = {
    ev.SESSION_STARTED: {"scenario": (False, TEXT), "variables": (True, _dict_of(_optional(_VALUE), "values")),
                         "ranges": (False, _dict_of(_range, "[low, high]"))},
    ev.TRAINEE_SAID: {"text": (True, TEXT), "source": (False, _optional(TEXT))},
    ev.CHOICE_MADE: {"choice": (True, TEXT), "text": (True, TEXT), "techniques": (False, _list_of(TEXT, "ids")),
                     "action": (False, _optional(TEXT)), "referral": (False, _optional(TEXT)), "rating": (False, _optional(TEXT))},
    ev.ACTION_TAKEN: {"action": (True, TEXT)},
    ev.REFERRAL_OFFERED: {"resource": (True, TEXT), "rating": (True, TEXT), "accepted": (True, FLAG), "why": (False, TEXT)},
    ev.WAITED: {"seconds": (True, _seconds)},
    ev.INPUT_IGNORED: {"kind": (True, TEXT), "value": (False, _optional(_VALUE)), "reason": (False, TEXT)},
    ev.UNDERSTOOD: {"techniques": (True, _list_of(_technique, "{id, confidence}")), "primary": (False, _optional(TEXT))},
    ev.KEYWORD_HEARD: {"keyword": (True, TEXT)},
    ev.STATE_CHANGED: {"changes": (True, _dict_of(_change, "[old, new]")), "causes": (False, _list_of(TEXT, "causes")),
                       "variables": (False, _dict_of(_optional(_VALUE), "values"))},
    ev.PHASE_CHANGED: {"from": (False, _optional(TEXT)), "to": (True, TEXT)},
    ev.PERSON_SAID: {"text": (True, TEXT), "line": (False, _optional(TEXT)), "speaker": (False, _optional(TEXT)), "cue": (False, _optional(TEXT))},
    ev.TEACHING_POINT: {"text": (True, TEXT)},
    ev.SESSION_ENDED: {"ending": (True, TEXT), "outcome": (True, TEXT), "title": (True, TEXT)},
    ev.SESSION_CLOSED: {"reason": (False, _optional(TEXT))},
}


def _fields(obj: dict[str, Any], spec: dict[str, tuple[bool, Check]], where: str) -> None:
    for name, (required, check) in spec.items():
        if name not in obj:
            if required:
                raise _Bad(f"{where} lacks '{name}'")
            continue
        problem = check(obj[name])
        if problem:
            raise _Bad(f"{where}.{name} {problem} (it is {_show(obj[name])})")


def _show(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else repr(v)
    return text if len(text) <= 40 else text[:37] + "…"


_EVENT_FIELDS: dict[str, tuple[bool, Check]] = {"seq": (True, INT), "t": (True, _seconds), "turn": (True, INT), "type": (True, TEXT),
                                                "data": (False, _is(dict, "a mapping")), "at": (False, _optional(_seconds))}


def check_event(row: Any) -> None:
    """Raise _Bad if ``row`` (one parsed line of events.jsonl) is not an event the readers can use."""
    if not isinstance(row, dict):
        raise _Bad(f"the line is {type(row).__name__}, not an event")
    _fields(row, _EVENT_FIELDS, "the event")
    if row["seq"] < 0 or row["turn"] < 0 or row["turn"] > 100_000:
        raise _Bad(f"the event's seq {row['seq']} or turn {row['turn']} is out of range")
    data = row.get("data", {})
    _plain(data, "data")
    spec = PAYLOADS.get(row["type"])
    if spec is not None:
        _fields(data, spec, f"{row['type']} data")
    typed = getattr(ev, "payload_problems", None)  # the event module's own typed payloads (format 2)
    kind = getattr(ev, "EventType", None)
    if typed is not None and kind is not None and row["type"] in kind.__members__.values():
        problems = typed(kind(row["type"]), data)
        if problems:
            raise _Bad(problems[0])


def event_problem(row: Any) -> str | None:
    """Why ``row`` is not a valid event, or None."""
    try:
        check_event(row)
    except _Bad as exc:
        return str(exc)
    return None


META_FIELDS: dict[str, tuple[bool, Check]] = {
    "id": (True, TEXT), "scenario": (True, TEXT), "title": (False, _optional(TEXT)), "content_hash": (False, _optional(TEXT)),
    "seed": (False, INT), "trainee": (False, _optional(TEXT)), "started_at": (False, _optional(TEXT)), "finished": (False, FLAG),
    "ending": (False, _optional(TEXT)), "outcome": (False, _optional(TEXT)), "turns": (False, _optional(INT)),
    "duration": (False, _optional(_seconds)), "scores": (False, _optional(_dict_of(NUMBER, "numbers"))),
}


def meta_problem(meta: Any) -> str | None:
    """Why ``meta`` (a parsed session.json) is not one the readers can use, or None."""
    if not isinstance(meta, dict):
        return f"it is a {type(meta).__name__}, not a mapping of fields"
    try:
        _plain(meta, "session")
        _fields(meta, META_FIELDS, "session")
    except _Bad as exc:
        return str(exc)
    if not SESSION_ID.fullmatch(meta["id"]):
        return f"the id {_show(meta['id'])} is not a session id (letters, digits, - and _)"
    return None


NOTE_FIELDS: dict[str, tuple[bool, Check]] = {"text": (True, TEXT), "turn": (False, INT), "author": (False, _optional(TEXT))}


def notes_problem(data: Any) -> str | None:
    """Why ``data`` (a parsed notes.json) is not a list of notes, or None."""
    notes = data.get("notes") if isinstance(data, dict) else data
    if not isinstance(notes, list):
        return "it holds no list of notes"
    try:
        _plain(notes, "notes")
        for i, note in enumerate(notes):
            if not isinstance(note, dict):
                raise _Bad(f"note {i} is not a mapping")
            _fields(note, NOTE_FIELDS, f"note {i}")
            if not 0 <= note.get("turn", 0) <= 100_000:
                raise _Bad(f"note {i} is pinned to turn {note['turn']}")
    except _Bad as exc:
        return str(exc)
    return None

"""Read-models of a session: what the views show, computed once from the events, in the core.

The app's live transcript and debrief, the replay viewer, the HTML/PDF
reports, the CLI and the terminal player all show the same few things — the
transcript, each variable over time, what each turn did, and the debrief (the
ending, the authors' feedback on the choices made, the teaching points) — so
they are computed here, from the event stream alone, and tested without a
window. A view only lays them out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict

from simulator import events as ev
from simulator.events import SessionEvent
from simulator.scenario.model import Ending, Scenario
from simulator.turns import turns_of

Series = dict[str, list[tuple[float, float]]]


def _verdict(d: dict[str, Any]) -> str:
    """How an offer stands: offered before the scenario's pace, she is still weighing it (not a refusal)."""
    return "thinking it over" if d.get("pending") else "accepted" if d.get("accepted") else "declined"


def label(identifier: str) -> str:
    """``call_mobile_crisis`` → ``call mobile crisis`` (ids are stable; labels are for people)."""
    return identifier.replace("_", " ")


# -- the transcript ----------------------------------------------------------------------------------

@dataclass
class Entry:
    """One line of the transcript. ``kind``: person | narrator | trainee | action | referral | ending | note."""

    kind: str
    text: str
    turn: int = 0
    speaker: str = ""
    source: str = ""
    chips: list[tuple[str, float, str]] = field(default_factory=list)  # (technique, confidence, evidence)


class Transcript:
    """The transcript as data, grown one event at a time (the live view) or from a whole log (the debrief)."""

    def __init__(self, person_name: str, characters: dict[str, str] | None = None) -> None:
        self.person_name = person_name
        self.characters = characters or {}
        self.entries: list[Entry] = []
        self._turn_entry: dict[int, Entry] = {}

    @classmethod
    def of(cls, scenario: Scenario, events: Iterable[SessionEvent]) -> Transcript:
        transcript = cls(scenario.person.name, {c.id: c.name for c in scenario.characters.values()})
        for e in events:
            transcript.add(e)
        return transcript

    def add(self, e: SessionEvent) -> bool:
        """Take one event; True when the transcript changed."""
        d = e.data
        if e.type == ev.PERSON_SAID:
            speaker = d.get("speaker") or "person"
            if speaker == "narrator":
                self.entries.append(Entry("narrator", d["text"], e.turn))
            else:
                name = self.person_name if speaker == "person" else self.characters.get(speaker, label(speaker))
                self.entries.append(Entry("person", d["text"], e.turn, speaker=name))
        elif e.type in (ev.TRAINEE_SAID, ev.CHOICE_MADE):
            if e.type == ev.CHOICE_MADE and e.turn in self._turn_entry:  # said text matched a menu choice
                self._turn_entry[e.turn].source += " · matched a menu choice"
                return True
            source = d.get("source", "typed") if e.type == ev.TRAINEE_SAID else "menu"
            entry = Entry("trainee", d["text"], e.turn, source=source)
            self.entries.append(entry)
            self._turn_entry[e.turn] = entry
        elif e.type == ev.UNDERSTOOD:
            heard = self._turn_entry.get(e.turn)
            if heard is None:
                return False
            heard.chips = [(h["id"], float(h.get("confidence", 1.0)), str(h.get("evidence", ""))) for h in d.get("techniques", [])]
        elif e.type == ev.ACTION_TAKEN:
            if d.get("via") == "choice":
                return False
            self.entries.append(Entry("action", label(d["action"]), e.turn))
        elif e.type == ev.REFERRAL_OFFERED:
            self.entries.append(Entry("referral", f"offered {label(d['resource'])} — {_verdict(d)}", e.turn))
        elif e.type == ev.SESSION_ENDED:
            self.entries.append(Entry("ending", f"{d.get('title', '')}. {d.get('narration', '')}".strip(), e.turn))
        elif e.type == ev.SESSION_CLOSED:
            self.entries.append(Entry("ending", f"Session ended: {d.get('reason', '')}.", e.turn))
        elif e.type == ev.INPUT_IGNORED:
            self.entries.append(Entry("note", f"Not taken: {d.get('value')} ({d.get('reason')})", e.turn))
        else:
            return False
        return True

    def turns(self) -> list[int]:
        return sorted(self._turn_entry)

    def chips_of(self, turn: int) -> list[str]:
        entry = self._turn_entry.get(turn)
        return [c[0] for c in entry.chips] if entry else []


@dataclass
class Line:
    """One line of a printed transcript (reports, the CLI): who, what, the techniques heard, the turn and time."""

    turn: int
    t: float
    who: str  # "trainee" | "person" | "narrator" | "action" | "referral" | "wait" | "ending"
    text: str
    tags: list[str] = field(default_factory=list)
    speaker: str = ""  # for person lines: the speaker id (person, or a character)


def transcript_lines(events: Iterable[SessionEvent]) -> list[Line]:
    """The session as printable lines, every action (a choice's own included) and every wait."""
    lines: list[Line] = []
    pending: Line | None = None
    for e in events:
        d = e.data
        if e.type == ev.TRAINEE_SAID or (e.type == ev.CHOICE_MADE and not d.get("said")):
            pending = Line(e.turn, e.t, "trainee", str(d["text"]))
            lines.append(pending)
        elif e.type == ev.UNDERSTOOD and pending is not None and pending.turn == e.turn:
            pending.tags = [f"{h['id']} {float(h['confidence']):.2f}" for h in d.get("techniques", [])]
        elif e.type == ev.ACTION_TAKEN:
            lines.append(Line(e.turn, e.t, "action", label(str(d["action"]))))
        elif e.type == ev.REFERRAL_OFFERED:
            lines.append(Line(e.turn, e.t, "referral", f"{label(d['resource'])} — {_verdict(d)} ({d.get('rating')})"))
        elif e.type == ev.WAITED:
            lines.append(Line(e.turn, e.t, "wait", f"stayed silent {float(d['seconds']):g} s"))
        elif e.type == ev.PERSON_SAID:
            narrator = d.get("speaker") == "narrator"
            lines.append(Line(e.turn, e.t, "narrator" if narrator else "person", str(d["text"]), speaker=str(d.get("speaker") or "person")))
        elif e.type == ev.SESSION_ENDED:
            lines.append(Line(e.turn, e.t, "ending", f"{d.get('title')} ({str(d.get('outcome')).replace('_', ' ')})"))
        elif e.type == ev.SESSION_CLOSED:
            lines.append(Line(e.turn, e.t, "ending", f"session closed: {d.get('reason')}"))
    return lines


def command_lines(events: Iterable[dict[str, Any]]) -> list[str]:
    """The exchange as the CLI prints it after ``play --script`` and ``replay``: the officer's turns as typed, the replies indented."""
    out = []
    for e in events:
        d = e["data"]
        kind = e["type"]
        if kind == ev.TRAINEE_SAID:
            out.append(f"you> {d['text']}")
        elif kind in (ev.ACTION_TAKEN, ev.WAITED):
            out.append(f"you> /{d.get('action', 'wait ' + str(d.get('seconds')))}")
        elif kind == ev.REFERRAL_OFFERED:
            out.append(f"you> /refer {d['resource']}  ({_verdict(d)})")
        elif kind == ev.SESSION_ENDED and d.get("narration"):
            out.append(f"  [{d['narration']}]")
        elif kind == ev.PERSON_SAID:
            out.append(f"  [{d['text']}]" if d["speaker"] == "narrator" else f"  {d['speaker']}: {d['text']}")
    return out


def result_lines(out: dict[str, Any], teaching_points: Iterable[dict[str, Any]]) -> list[str]:
    """A played or replayed session (``script.result``'s shape) as the CLI prints it: the exchange, the ending, the scores."""
    lines = command_lines(out["events"])
    ending = out["ending"]
    lines.append(f"\nending: {ending['id']} ({ending['outcome']})" if ending else "\nending: none")
    lines.append("scores: " + ", ".join(f"{k} {v}" for k, v in out["scores"].items()))
    lines += [f"  turn {tp['turn']}: {tp['text']}" for tp in teaching_points]
    return lines


# -- the person's state over time --------------------------------------------------------------------

def ranges(events: Sequence[SessionEvent]) -> dict[str, tuple[float, float]]:
    """Each number variable's [minimum, maximum], as the session started with them."""
    start = next((e for e in events if e.type == ev.SESSION_STARTED), None)
    raw = start.data.get("ranges", {}) if start else {}
    return {k: (float(v[0]), float(v[1])) for k, v in raw.items()}


def by_time(events: Sequence[SessionEvent]) -> bool:
    """Plot against session time, unless the session took no time (scripted play on a manual clock): then by turn."""
    return bool(events) and events[-1].t >= 5.0


def x_of_event(e: SessionEvent, timed: bool) -> float:
    return e.t if timed else float(e.turn)


def state_series(events: Sequence[SessionEvent], timed: bool | None = None, hold_to_end: bool = True, merge_same_x: bool = False) -> Series:
    """Each number variable as (x, value) steps through the session.

    ``timed``: x is session seconds (True) or the turn (False); None chooses with
    ``by_time``. ``hold_to_end`` carries the last value to the last event;
    ``merge_same_x`` keeps one point per x (the last value there).
    """
    if timed is None:
        timed = by_time(events)
    series: Series = {}
    for e in events:
        variables = e.data.get("variables") if e.type in (ev.SESSION_STARTED, ev.STATE_CHANGED) else None
        for name, value in (variables or {}).items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            points = series.setdefault(name, [])
            x = x_of_event(e, timed)
            if merge_same_x and points and points[-1][0] == x:
                points[-1] = (x, float(value))
            else:
                points.append((x, float(value)))
    if hold_to_end:
        end = x_of_event(events[-1], timed) if events else 0.0
        for points in series.values():
            if points and points[-1][0] < end:
                points.append((end, points[-1][1]))
    return series


def turn_times(events: Sequence[SessionEvent], timed: bool | None = None) -> list[tuple[int, float]]:
    """Where each turn starts on the chart's x axis."""
    if timed is None:
        timed = by_time(events)
    seen: dict[int, float] = {}
    for e in events:
        if e.turn and e.turn not in seen:
            seen[e.turn] = x_of_event(e, timed)
    return sorted(seen.items())


# -- turns and the debrief ---------------------------------------------------------------------------

class TurnDetail(TypedDict):
    """What one trainee turn was, how it was read, how it moved the person and what they said back."""

    what: str
    techniques: list[Any]
    delta: dict[str, Any]
    replies: list[str]
    state: NotRequired[dict[str, Any]]  # the person's state at their last reply of the turn


def turn_details(events: Sequence[SessionEvent]) -> dict[int, TurnDetail]:
    """For each trainee turn: what was done, the techniques read, and the person's reaction lines."""
    details: dict[int, TurnDetail] = {}
    for turn in turns_of(list(events)):
        what = turn.text or (f"[{label(turn.action)}]" if turn.action else "")
        if turn.referral:
            what = what or f"[offered {label(turn.referral['resource'])}]"
        details[turn.number] = {"what": what, "techniques": turn.techniques, "delta": turn.delta, "replies": []}
    for e in events:
        if e.type == ev.PERSON_SAID and e.turn in details and e.data.get("speaker") != "narrator":
            details[e.turn]["replies"].append(str(e.data.get("text", "")))
            details[e.turn]["state"] = dict(e.data.get("variables", {}))
    return details


@dataclass(frozen=True)
class ChoiceFeedback:
    """The scenario authors' word on a menu choice the trainee made."""

    turn: int
    choice: str
    text: str
    rating: str | None
    why: str


@dataclass(frozen=True)
class Debrief:
    """The ending reached (None: the session was left before one) and what the scenario's authors say about it."""

    ending: Ending | None
    closed: str | None  # why the session was left early, if it was
    choice_feedback: tuple[ChoiceFeedback, ...]
    teaching_points: tuple[str, ...]  # the ending's own

    @property
    def authors_notes(self) -> list[tuple[str, str]]:
        """(heading, text) of the ending's why, consequences and reflection that were written."""
        if self.ending is None:
            return []
        d = self.ending.debrief
        return [(head, text) for head, text in (("Why", d.why), ("Consequences", d.consequences), ("Reflection", d.reflection)) if text]


def debrief(scenario: Scenario, events: Iterable[SessionEvent]) -> Debrief:
    events = list(events)
    ended = next((e for e in events if e.type == ev.SESSION_ENDED), None)
    closed = next((e for e in events if e.type == ev.SESSION_CLOSED), None)
    ending = scenario.endings.get(ended.data["ending"]) if ended else None
    choices = {c.id: c for ph in scenario.phases.values() for c in ph.choices}
    feedback = []
    for e in events:
        choice = choices.get(e.data.get("choice")) if e.type == ev.CHOICE_MADE else None  # type: ignore[arg-type]
        if choice is not None and choice.feedback:
            feedback.append(ChoiceFeedback(e.turn, choice.id, choice.text, choice.rating, choice.feedback.why))
    return Debrief(ending, str(closed.data.get("reason", "")) if closed else None, tuple(feedback), tuple(ending.teaching_points) if ending else ())

"""The running transcript: the person's lines and the trainee's turns, each turn with technique chips.

Built only from session events, so the live view and the debrief (which
replays the finished event list into a fresh view) show the same thing. A turn
can be highlighted and scrolled to — the debrief's teaching points link here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtWidgets import QTextBrowser, QWidget

from simulator import vocabulary as vocab
from simulator.events import EventType, SessionEvent

CHIP_COLOURS = {"supportive": ("#dff3e4", "#1b5e20"), "escalating": ("#fde0dc", "#b71c1c"), "neutral": ("#eceff1", "#37474f")}


def label(identifier: str) -> str:
    """``call_mobile_crisis`` → ``call mobile crisis`` (ids are stable; labels are for people)."""
    return identifier.replace("_", " ")


@dataclass
class Entry:
    kind: str  # "person" | "narrator" | "trainee" | "action" | "referral" | "ending" | "note"
    text: str
    turn: int = 0
    speaker: str = ""
    source: str = ""
    chips: list[tuple[str, float, str]] = field(default_factory=list)  # (technique, confidence, evidence)


class Transcript:
    """The transcript as data: entries grown from events (testable without widgets)."""

    def __init__(self, person_name: str, characters: dict[str, str] | None = None) -> None:
        self.person_name = person_name
        self.characters = characters or {}
        self.entries: list[Entry] = []
        self._turn_entry: dict[int, Entry] = {}

    def add(self, e: SessionEvent) -> bool:
        """Take one event; True when the transcript changed."""
        d = e.data
        if e.type == EventType.PERSON_SAID:
            speaker = d.get("speaker") or "person"
            if speaker == "narrator":
                self.entries.append(Entry("narrator", d["text"], e.turn))
            else:
                name = self.person_name if speaker == "person" else self.characters.get(speaker, label(speaker))
                self.entries.append(Entry("person", d["text"], e.turn, speaker=name))
        elif e.type in (EventType.TRAINEE_SAID, EventType.CHOICE_MADE):
            if e.type == EventType.CHOICE_MADE and e.turn in self._turn_entry:  # said text matched a menu choice
                self._turn_entry[e.turn].source += " · matched a menu choice"
                return True
            source = d.get("source", "typed") if e.type == EventType.TRAINEE_SAID else "menu"
            entry = Entry("trainee", d["text"], e.turn, source=source)
            self.entries.append(entry)
            self._turn_entry[e.turn] = entry
        elif e.type == EventType.UNDERSTOOD:
            entry = self._turn_entry.get(e.turn)
            if entry is None:
                return False
            entry.chips = [(h["id"], float(h.get("confidence", 1.0)), str(h.get("evidence", ""))) for h in d.get("techniques", [])]
        elif e.type == EventType.ACTION_TAKEN:
            if d.get("via") == "choice":
                return False
            self.entries.append(Entry("action", label(d["action"]), e.turn))
        elif e.type == EventType.REFERRAL_OFFERED:
            verdict = "accepted" if d.get("accepted") else "declined"
            self.entries.append(Entry("referral", f"offered {label(d['resource'])} — {verdict}", e.turn))
        elif e.type == EventType.SESSION_ENDED:
            self.entries.append(Entry("ending", f"{d.get('title', '')}. {d.get('narration', '')}".strip(), e.turn))
        elif e.type == EventType.SESSION_CLOSED:
            self.entries.append(Entry("ending", f"Session ended: {d.get('reason', '')}.", e.turn))
        elif e.type == EventType.INPUT_IGNORED:
            self.entries.append(Entry("note", f"Not taken: {d.get('value')} ({d.get('reason')})", e.turn))
        else:
            return False
        return True

    def turns(self) -> list[int]:
        return sorted(self._turn_entry)

    def chips_of(self, turn: int) -> list[str]:
        entry = self._turn_entry.get(turn)
        return [c[0] for c in entry.chips] if entry else []


class TranscriptView(QTextBrowser):
    """Shows a ``Transcript`` as rich text; ``highlight(turn)`` marks and scrolls to a turn."""

    def __init__(self, transcript: Transcript, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.transcript = transcript
        self.show_chips = True
        self.highlighted: int | None = None
        self.setOpenLinks(False)
        self.setAccessibleName("Transcript")
        self.setMinimumHeight(120)

    def add(self, event: SessionEvent) -> None:
        if self.transcript.add(event):
            self.render_html()

    def set_show_chips(self, show: bool) -> None:
        self.show_chips = show
        self.render_html()

    def highlight(self, turn: int | None) -> None:
        self.highlighted = turn
        self.render_html()
        if turn is not None:
            self.scrollToAnchor(f"turn{turn}")

    def render_html(self) -> None:
        parts = []
        anchored: set[int] = set()
        for entry in self.transcript.entries:
            text = html.escape(entry.text)
            anchor = ""
            if entry.turn and entry.turn not in anchored and entry.kind in ("trainee", "action", "referral"):
                anchor = f'<a name="turn{entry.turn}"></a>'
                anchored.add(entry.turn)
            mark = entry.turn == self.highlighted and entry.kind in ("trainee", "action", "referral")
            style = ' style="background-color:#fff3b0;"' if mark else ""
            if entry.kind == "person":
                parts.append(f'<p{style}><b>{html.escape(entry.speaker)}:</b> {text}</p>')
            elif entry.kind == "narrator":
                parts.append(f'<p style="color:#555;"><i>{text}</i></p>')
            elif entry.kind == "trainee":
                chips = ""
                if self.show_chips and entry.chips:
                    chips = "<br>" + " ".join(self._chip(t, c, ev) for t, c, ev in entry.chips)
                parts.append(f'<p{style}>{anchor}<b>You</b> <small>(turn {entry.turn}, {html.escape(entry.source)})</small>: {text}{chips}</p>')
            elif entry.kind in ("action", "referral"):
                parts.append(f'<p{style}>{anchor}<b>You</b> <small>(turn {entry.turn})</small>: <i>[{text}]</i></p>')
            elif entry.kind == "ending":
                parts.append(f'<p style="color:#0d47a1;"><b>{text}</b></p>')
            else:
                parts.append(f'<p style="color:#777;"><small>{text}</small></p>')
        self.setHtml("".join(parts))
        if self.highlighted is None:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())

    @staticmethod
    def _chip(technique: str, confidence: float, evidence: str) -> str:
        back, fore = CHIP_COLOURS[vocab.polarity(technique)]
        title = html.escape(f"{evidence}" if evidence else technique)
        return (f'<span title="{title}" style="background-color:{back}; color:{fore};">'
                f'&nbsp;{html.escape(label(technique))} {confidence:.0%}&nbsp;</span>')

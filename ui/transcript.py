"""The running transcript: the person's lines and the trainee's turns, each turn with technique chips.

The transcript itself is the core's read-model (``simulator.projections.Transcript``),
built only from session events, so the live view, the debrief and the reports
show the same thing; this view lays it out. A turn can be highlighted and
scrolled to — the debrief's teaching points link here.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from simulator import vocabulary as vocab
from simulator.events import SessionEvent
from simulator.projections import Entry, Transcript, label

__all__ = ["Entry", "Transcript", "TranscriptView", "label"]

CHIP_COLOURS = {"supportive": ("#dff3e4", "#1b5e20"), "escalating": ("#fde0dc", "#b71c1c"), "neutral": ("#eceff1", "#37474f")}


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
        self._shown: list[str] = []  # the paragraphs laid out now, one a text block (render_html)

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
        """Lay the transcript out: only the entries that changed (the live view grows at the end), else all of it.

        Setting the whole HTML again costs time in proportion to the transcript (~70-120 ms on the GUI thread for
        60 turns on a loaded machine) and the live view did it after every turn: a long session's own turns
        became GUI stalls. Each entry is one paragraph (one text block), so the blocks from the first entry that
        differs from what is shown are replaced and the rest kept. A highlighted turn (the debrief) is laid out
        whole: a paragraph's own background does not survive the insertion.
        """
        fragments = self._fragments()
        shown = self._shown
        keep = 0
        if self.highlighted is None and shown and self.document().blockCount() == len(shown):
            while keep < min(len(shown), len(fragments)) and shown[keep] == fragments[keep]:
                keep += 1
        if keep == 0:
            self.setHtml("".join(fragments))
        elif keep < len(shown) or keep < len(fragments):
            self._replace_from(keep, fragments[keep:])
        self._shown = fragments
        if self.highlighted is None:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _replace_from(self, first: int, fragments: list[str]) -> None:
        """Blocks from ``first`` on give way to ``fragments``, one paragraph each."""
        doc = self.document()
        cursor = QTextCursor(doc)
        if first < doc.blockCount():
            cursor.setPosition(doc.findBlockByNumber(first).position() - 1)  # first > 0: from the end of the block before
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        else:
            cursor.movePosition(QTextCursor.MoveOperation.End)
        for fragment in fragments:
            cursor.insertBlock()
            cursor.insertHtml(fragment)

    def _fragments(self) -> list[str]:
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
        return parts

    @staticmethod
    def _chip(technique: str, confidence: float, evidence: str) -> str:
        back, fore = CHIP_COLOURS[vocab.polarity(technique)]
        title = html.escape(f"{evidence}" if evidence else technique)
        return (f'<span title="{title}" style="background-color:{back}; color:{fore};">'
                f'&nbsp;{html.escape(label(technique))} {confidence:.0%}&nbsp;</span>')

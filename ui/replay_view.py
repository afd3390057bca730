"""Sessions on record in the app: the history list with a trainee's progress, and the replay viewer.

An instructor sits down with a trainee after a session: the timeline of
agitation and trust with turns marked, each turn with what was said, how it
was read and how the person reacted, the trainee's own recorded voice, and
notes pinned to turns. Notes go to the session's notes file; the event log is
never touched. Everything here reads the recorded folder, never a live session.
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path

from PySide6.QtCore import QPointF, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator import projections
from simulator.records.store import SessionIndex, SessionRow, add_note, read_events, read_meta, read_notes
from simulator.scoring import score
from ui.debrief import StateChart


class ProgressChart(QWidget):
    """One trainee's overall score, session after session (oldest on the left)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[int] = []
        self.setMinimumHeight(120)
        self.setAccessibleName("Progress chart")

    def set_scores(self, scores: list[int]) -> None:
        self.points = list(scores)
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        left, top, right, bottom = 36, 10, self.width() - 10, self.height() - 20
        p.setPen(QColor("#999"))
        for value in (0, 50, 100):
            y = bottom - (bottom - top) * value / 100
            p.drawLine(left, int(y), right, int(y))
            p.drawText(4, int(y) + 4, str(value))
        if not self.points:
            p.drawText(left + 8, (top + bottom) // 2, "Pick a trainee to see their progress")
            return
        step = (right - left) / max(1, len(self.points) - 1)
        pts = [QPointF(left + i * step, bottom - (bottom - top) * v / 100) for i, v in enumerate(self.points)]
        p.setPen(QPen(QColor("#1f5fa8"), 2))
        for a, b in itertools.pairwise(pts):
            p.drawLine(a, b)
        for pt in pts:
            p.drawEllipse(pt, 3, 3)


class SessionsView(QWidget):
    """Recorded sessions, newest first, with a progress chart for the selected trainee."""

    replay_requested = Signal(str)  # a session folder

    def __init__(self, sessions_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sessions_dir = Path(sessions_dir)
        self.rows: list[SessionRow] = []
        title = QLabel("<h2>Sessions on record</h2>")
        self.where = QLabel(f"Recorded in {self.sessions_dir}")
        self.where.setTextFormat(Qt.TextFormat.PlainText)  # a folder name, shown as it is
        self.where.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["When (UTC)", "Trainee", "Scenario", "Outcome", "Turns", "Overall"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.open_button = QPushButton("&Replay this session")
        self.open_button.clicked.connect(self.open_selected)
        self.progress_label = QLabel("Progress")
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)  # carries a trainee's name as typed
        self.progress = ProgressChart()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress, 1)
        self.refresh()

    def refresh(self) -> None:
        index = SessionIndex(self.sessions_dir)
        index.sync()
        self.rows = list(reversed(index.rows()))
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = [row.started_at.replace("T", " ").rstrip("Z"), row.trainee or "—", row.title, (row.outcome or "no ending").replace("_", " "),
                     str(row.turns), str(row.scores.get("overall", "—"))]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.open_button.setEnabled(bool(self.rows))

    def _selected(self) -> None:
        row = self.current()
        if row is None:
            return
        mine = [r for r in reversed(self.rows) if r.trainee.lower() == row.trainee.lower()]
        self.progress_label.setText(f"Progress of {row.trainee or 'unnamed trainees'}: overall score, {len(mine)} session(s), oldest first")
        self.progress.set_scores([int(r.scores.get("overall", 0)) for r in mine])

    def current(self) -> SessionRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def open_selected(self) -> None:
        row = self.current()
        if row is not None:
            self.replay_requested.emit(row.folder)


class ReplayView(QWidget):
    """One recorded session: timeline, turns, the trainee's audio, and notes pinned to turns."""

    back_requested = Signal()

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        meta = read_meta(self.folder)
        self.events = read_events(self.folder)
        self.details = projections.turn_details(self.events)
        scores = score(self.events)
        ranges = projections.ranges(self.events)
        esc = lambda value: html.escape(str(value))  # noqa: E731 — session.json is a file brought in: shown as written
        head = QLabel(f"<h2>{esc(meta.get('title', meta.get('scenario', '')))}</h2>"
                      f"{esc(meta.get('trainee') or 'Unnamed trainee')} · {esc(meta.get('started_at', ''))} · seed {esc(meta.get('seed', ''))} · "
                      f"ending: {esc((meta.get('outcome') or 'none').replace('_', ' '))} · overall {scores.overall} "
                      f"(calmness {scores.calmness}, safety {scores.safety}, referral {scores.referral}, communication {scores.communication})")
        head.setWordWrap(True)
        self.chart = StateChart(self.events, ranges)
        self.turn_list = QListWidget()
        self.turn_list.setAccessibleName("Turns")
        for number, d in self.details.items():
            item = QListWidgetItem(f"Turn {number}: {d['what']}")
            item.setData(Qt.ItemDataRole.UserRole, number)
            self.turn_list.addItem(item)
        self.turn_list.currentItemChanged.connect(lambda item, _prev: self.show_turn(item.data(Qt.ItemDataRole.UserRole)) if item else None)
        self.detail = QLabel("Select a turn to see it.")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.play_audio = QPushButton("▶ Play the trainee's recording")
        self.play_audio.setEnabled(False)
        self.play_audio.clicked.connect(self._play)
        self.play_reply = QPushButton("▶ Hear the person's reply")
        self.play_reply.setEnabled(False)
        self.play_reply.clicked.connect(self.hear_reply)
        self.sound_problem = QLabel()
        self.sound_problem.setTextFormat(Qt.TextFormat.PlainText)
        self.sound_problem.setWordWrap(True)
        self._voice = None
        self._meta = meta
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("An instructor's note about this turn")
        self.pin = QPushButton("&Pin note to this turn")
        self.pin.clicked.connect(self.pin_note)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        back = QPushButton("◀ &Back to sessions")
        back.clicked.connect(self.back_requested.emit)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.detail, 1)
        audio_row = QHBoxLayout()
        audio_row.addWidget(self.play_audio)
        audio_row.addWidget(self.play_reply)
        rl.addLayout(audio_row)
        rl.addWidget(self.sound_problem)
        row = QHBoxLayout()
        row.addWidget(self.note_edit, 1)
        row.addWidget(self.pin)
        rl.addLayout(row)
        rl.addWidget(self.notes)
        split = QSplitter()
        split.addWidget(self.turn_list)
        split.addWidget(right)
        split.setSizes([420, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.chart, 2)
        layout.addWidget(split, 3)
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignLeft)
        self.turn = 0
        self._player = None
        self._refresh_notes()

    def audio_path(self, turn: int) -> Path:
        return self.folder / "audio" / f"turn-{turn:03d}.wav"

    def show_turn(self, number: int) -> None:
        self.turn = number
        d = self.details.get(number, {})
        chips = ", ".join(str(t).replace("_", " ") for t in d.get("techniques", [])) or "—"
        delta = ", ".join(f"{k} {v:+.0f}" for k, v in dict(d.get("delta", {})).items()) or "no change"
        replies = "<br>".join(f"“{html.escape(str(r))}”" for r in d.get("replies", [])) or "(no reply)"
        self.detail.setText(f"<b>Turn {number}</b><br><b>Trainee:</b> {html.escape(str(d.get('what', '')))}"
                            f"<br><b>Read as:</b> {html.escape(chips)}"
                            f"<br><b>Effect:</b> {html.escape(delta)}<br><b>The person:</b><br>{replies}")
        self.play_audio.setEnabled(self.audio_path(number).is_file())
        self.play_reply.setEnabled(bool(d.get("replies")))

    def _play(self) -> None:
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        if self._player is None:
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(QAudioOutput(self._player))
        self._player.setSource(QUrl.fromLocalFile(str(self.audio_path(self.turn))))
        self._player.play()

    def hear_reply(self) -> bool:
        """Speak the person's reply to this turn in their voice, as it sounded at that moment."""
        from simulator.records.replay import load_scenario_for
        from simulator.voices import find_voice
        from ui.audio_out import Voice

        d = self.details.get(self.turn, {})
        if not d.get("replies"):
            return False
        if self._voice is None:
            self._voice = Voice(parent=self)
            if not self._voice.prepare():
                self.sound_problem.setText(self._voice.problem)
                self._voice = None
                return False
        try:
            scenario = load_scenario_for(self._meta)
            ranges = {n: (v.minimum, v.maximum) for n, v in scenario.variables.items() if v.kind == "number"}
            settings = find_voice(scenario.person.voice).settings(dict(d.get("state", {})), ranges)
        except Exception as exc:  # the scenario or its voice is gone from this machine: say so, keep the viewer
            self.sound_problem.setText(f"Cannot voice this line here: {exc}")
            return False
        self._voice.say(f"replay.{self.turn}", " ".join(d["replies"]), settings)  # type: ignore[arg-type]
        return True

    def pin_note(self) -> None:
        text = self.note_edit.text().strip()
        if not text:
            return
        add_note(self.folder, text, turn=self.turn)
        self.note_edit.clear()
        self._refresh_notes()

    def _refresh_notes(self) -> None:
        notes = read_notes(self.folder)
        lines = [f"Turn {n.get('turn', 0) or 'all'}: {html.escape(str(n['text']))}" for n in notes]
        self.notes.setText("<b>Notes</b><br>" + ("<br>".join(lines) if lines else "none yet"))

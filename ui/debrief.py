"""The debrief: outcome, scores with reasons, the state chart, teaching points linked to turns, the scenario's feedback.

Everything shown is computed by the core from the finished event list
(``simulator.scoring.score``): this view only lays it out. Clicking a teaching
point highlights its turn in the transcript beside it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from simulator.events import SessionEvent
from simulator.projections import by_time, debrief, state_series, turn_times, x_of_event
from simulator.scenario.model import Scenario
from simulator.scoring import Scores, score
from ui.transcript import Transcript, TranscriptView

SCORE_NAMES = ("calmness", "safety", "referral", "communication", "overall")
SERIES = (("agitation", QColor("#d9534f")), ("trust", QColor("#2e7d32")))


class StateChart(QWidget):
    """Agitation and trust over time, each trainee turn marked with its number (QPainter)."""

    def __init__(self, events: list[SessionEvent], ranges: dict[str, tuple[float, float]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = state_series(events)
        self.turns = turn_times(events)
        self.ranges = ranges
        self.timed = by_time(events)
        self.end = max([x_of_event(events[-1], self.timed) if events else 1.0, 1.0])
        self.setMinimumHeight(220)
        self.setAccessibleName("Chart of agitation and trust over time")

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        left, right, top, bottom = fm.horizontalAdvance("100") + 12, 12, fm.height() + 10, fm.height() * 2 + 10
        plot = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(QColor("#dddddd"), 1))
        for v in (0, 25, 50, 75, 100):
            y = plot.bottom() - plot.height() * v / 100
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(QColor("#666666"))
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()), Qt.AlignmentFlag.AlignRight, str(v))
            p.setPen(QPen(QColor("#dddddd"), 1))

        def x_of(t: float) -> float:
            return plot.left() + plot.width() * t / self.end

        p.setPen(QPen(QColor("#9e9e9e"), 1, Qt.PenStyle.DashLine))
        last_label_x = -1e9
        for number, t in self.turns:
            x = x_of(t)
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            if x - last_label_x >= fm.horizontalAdvance("00") + 4:
                p.drawText(QRectF(x - 15, plot.bottom() + 2, 30, fm.height()), Qt.AlignmentFlag.AlignHCenter, str(number))
                last_label_x = x
        p.setPen(QColor("#666666"))
        axis = (f"session time, 0:00 to {int(self.end) // 60}:{int(self.end) % 60:02d}; your turns dashed and numbered" if self.timed
                else "your turns (numbered)")
        p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 2, plot.width(), fm.height()), Qt.AlignmentFlag.AlignHCenter, axis)
        legend_x = plot.left()
        for name, colour in SERIES:
            points = self.series.get(name)
            if not points:
                continue
            lo, hi = self.ranges.get(name, (0.0, 100.0))
            path = QPainterPath()
            for i, (t, v) in enumerate(points):
                y = plot.bottom() - plot.height() * ((v - lo) / (hi - lo) if hi > lo else 0)
                if i == 0:
                    path.moveTo(x_of(t), y)
                else:
                    path.lineTo(x_of(t), path.currentPosition().y())  # state holds until it changes
                    path.lineTo(x_of(t), y)
            p.setPen(QPen(colour, 2.5))
            p.drawPath(path)
            p.fillRect(QRectF(legend_x, 4, 14, fm.height() - 4), colour)
            p.setPen(QColor("#333333"))
            p.drawText(QPointF(legend_x + 18, fm.height()), name.capitalize())
            legend_x += fm.horizontalAdvance(name) + 40
        p.end()


class DebriefView(QWidget):
    """The debrief of one finished session; ``retry(same_seed)`` and ``back`` for what comes next."""

    retry = Signal(bool)
    back = Signal()

    def __init__(self, scenario: Scenario, events: list[SessionEvent], scores: Scores | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.events = list(events)
        self.scores = scores or score(self.events)
        self.debrief = debrief(scenario, self.events)
        ending = self.debrief.ending

        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setObjectName("outcome")
        if ending is not None:
            self.outcome.setText(f"<h2>{html.escape(ending.title)}</h2><p><b>Outcome:</b> {html.escape(ending.outcome.replace('_', ' '))}</p>"
                                 f"<p>{html.escape(ending.narration)}</p>")
        else:
            self.outcome.setText("<h2>Session ended early</h2><p><b>Outcome:</b> none — you ended the session before it reached an ending.</p>")

        scores_box = QGroupBox("Scores")
        grid = QGridLayout(scores_box)
        band = self.scores.band
        self.band_label = QLabel(f"<b>Overall: {self.scores.overall} — {html.escape(band.name)}</b><br>{html.escape(band.meaning)}")
        self.band_label.setWordWrap(True)
        self.band_label.setObjectName("band")
        self.band_label.setAccessibleName("Score band")
        grid.addWidget(self.band_label, len(SCORE_NAMES), 0, 1, 2)
        self.score_labels: dict[str, QLabel] = {}
        self.explanation_labels: dict[str, QLabel] = {}
        for row, name in enumerate(SCORE_NAMES):
            value = getattr(self.scores, name)
            number = QLabel(f"<span style='font-size:150%; font-weight:bold;'>{value}</span>")
            number.setAccessibleName(f"{name} score")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            number.setMinimumWidth(number.fontMetrics().horizontalAdvance("0000") * 2)
            colour = "#2e7d32" if value >= 70 else "#f0ad4e" if value >= 40 else "#d9534f"
            number.setStyleSheet(f"border-left: 6px solid {colour}; padding: 4px;")
            why = QLabel(f"<b>{name.capitalize()}</b><br>" + "<br>".join(html.escape(x) for x in self.scores.explanations.get(name, [])))
            why.setWordWrap(True)
            grid.addWidget(number, row, 0)
            grid.addWidget(why, row, 1)
            grid.setColumnStretch(1, 1)
            self.score_labels[name] = number
            self.explanation_labels[name] = why

        chart_box = QGroupBox("Agitation and trust over time")
        ranges = {n: (v.minimum, v.maximum) for n, v in scenario.variables.items() if v.kind == "number"}
        self.chart = StateChart(self.events, ranges)
        QVBoxLayout(chart_box).addWidget(self.chart)

        points_box = QGroupBox("Teaching points")  # short titles: at 18 pt a long one set the whole column's width
        points_box.setToolTip("Select one to see its turn")
        self.points = QListWidget()
        self.points.setWordWrap(True)
        self.points.setAccessibleName("Teaching points")
        for point in self.scores.teaching_points:
            where = f"Turn {point.turn}" if point.turn else "Overall"
            item = QListWidgetItem(f"{where} · {point.kind}: {point.text}")
            item.setData(Qt.ItemDataRole.UserRole, point.turn)
            self.points.addItem(item)
        if ending is not None:
            for text in self.debrief.teaching_points:
                item = QListWidgetItem(f"Scenario: {text}")
                item.setData(Qt.ItemDataRole.UserRole, 0)
                self.points.addItem(item)
        self.points.currentItemChanged.connect(self._point_selected)
        self.points.setMinimumHeight(160)
        QVBoxLayout(points_box).addWidget(self.points)

        checklist_box = QGroupBox("Checklist: BETA · CIT · objectives")
        checklist_box.setToolTip("Project BETA's ten domains, the CIT evaluation's three areas and the scenario's own objectives; "
                                 "select one to see its turn")
        self.checklist = QListWidget()
        self.checklist.setWordWrap(True)
        self.checklist.setAccessibleName("Rubric checklist")
        marks = {"met": "\u2714 met", "partly": "\u25d0 partly", "missed": "\u2718 missed"}
        colours = {"met": "#2e7d32", "partly": "#b26a00", "missed": "#c62828"}
        group = None
        for row in (self.scores.rubric.rows() if self.scores.rubric else []):
            if row["group"] != group:
                group = row["group"]
                head = QListWidgetItem(group)
                head.setFlags(Qt.ItemFlag.NoItemFlags)
                font = head.font()
                font.setBold(True)
                head.setFont(font)
                self.checklist.addItem(head)
            turns = []
            if row["met"]:
                turns.append("met at turn " + ", ".join(map(str, row["met"][:5])))
            if row["missed"]:
                turns.append("missed at turn " + ", ".join(map(str, row["missed"][:5])))
            text = f"{marks[row['status']]} · {row['title']}" + (f" — {'; '.join(turns)}" if turns else "") + (f" ({row['note']})" if row["note"] else "")
            item = QListWidgetItem(text)
            item.setForeground(QColor(colours[row["status"]]))
            first = (row["missed"] or row["met"] or [0])[0]
            item.setData(Qt.ItemDataRole.UserRole, first)
            self.checklist.addItem(item)
        self.checklist.currentItemChanged.connect(self._point_selected)
        self.checklist.setMinimumHeight(260)
        QVBoxLayout(checklist_box).addWidget(self.checklist)

        feedback_box = QGroupBox("From the scenario's authors")
        fb = [f"<p><b>{head}.</b> {html.escape(text)}</p>" for head, text in self.debrief.authors_notes]
        fb += [f"<p><b>Turn {f.turn}</b> — <i>{html.escape(f.text)}</i><br>{html.escape(f.why)}</p>" for f in self.debrief.choice_feedback]
        self.feedback = QLabel("".join(fb) or "<p>No written feedback for this ending.</p>")
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(feedback_box).addWidget(self.feedback)

        self.transcript = TranscriptView(Transcript.of(scenario, self.events))
        self.transcript.render_html()

        self.same_seed = QPushButton("Retry, &same seed")
        self.same_seed.clicked.connect(lambda: self.retry.emit(True))
        self.new_seed = QPushButton("Retry, &new seed")
        self.new_seed.clicked.connect(lambda: self.retry.emit(False))
        self.back_button = QPushButton("&Back to scenarios")
        self.back_button.clicked.connect(self.back.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.same_seed)
        buttons.addWidget(self.new_seed)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)

        content = QWidget()
        col = QVBoxLayout(content)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # Into the scroll area while still empty: setWidget sizes the widget it is given to its size hint, which for
        # the filled column meant laying out every wrapped label and list once at a width nobody sees (~17 ms of
        # the GUI thread at a session's end); the real layout comes when the view is shown.
        scroll.setWidget(content)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        for box in (self.outcome, scores_box, checklist_box, chart_box, points_box, feedback_box):
            col.addWidget(box)
        side = QGroupBox("Transcript")
        QVBoxLayout(side).addWidget(self.transcript)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def _point_selected(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is not None:
            turn = item.data(Qt.ItemDataRole.UserRole)
            self.transcript.highlight(turn or None)

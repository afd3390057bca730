"""The start screen: scenario cards with filter and search, "surprise me", and the content warning before a start.

Cards come from the core's catalog (broken scenario files show their first
error instead of a Start button, so an author sees why one is missing).
"""

from __future__ import annotations

import html
import random

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from simulator.catalog import CatalogEntry
from simulator.scenario.model import Scenario

DIFFICULTIES = ("introductory", "intermediate", "advanced")


class ScenarioCard(QFrame):
    """One scenario: title, presentation, difficulty, minutes and a Start button."""

    chosen = Signal(object)

    def __init__(self, entry: CatalogEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#card { background: palette(base); border: 1px solid #b0b7c3; border-radius: 6px; }")
        layout = QVBoxLayout(self)
        s = entry.scenario
        if s is None:
            problem = next((str(d) for d in entry.diagnostics if d.severity == "error"), "it could not be loaded")
            title = QLabel(f"<b>{html.escape(entry.path.name)}</b>")
            body = QLabel(f"This scenario file has an error and cannot be played:<br><small>{html.escape(problem)}</small>")
            body.setWordWrap(True)
            layout.addWidget(title)
            layout.addWidget(body)
            self.start = None
            return
        title = QLabel(f"<span style='font-size:120%;'><b>{html.escape(s.title)}</b></span>")
        title.setWordWrap(True)
        presentation = QLabel(s.person.presentation)
        presentation.setTextFormat(Qt.TextFormat.PlainText)
        presentation.setWordWrap(True)
        meta = QLabel(f"{html.escape(s.person.name)}, {s.person.age} · <b>{s.difficulty}</b> · about {s.estimated_minutes} min")
        meta.setWordWrap(True)
        self.start = QPushButton("Start")  # the title is above it: a long label set the card's width (two cards overflowed at 18 pt)
        self.start.setAccessibleName(f"Start {s.title}")
        self.start.clicked.connect(lambda: self.chosen.emit(s))
        layout.addWidget(title)
        layout.addWidget(presentation)
        layout.addWidget(meta)
        layout.addStretch(1)
        layout.addWidget(self.start)

    def matches(self, text: str, difficulty: str) -> bool:
        s = self.entry.scenario
        if s is None:
            return not text and not difficulty
        if difficulty and s.difficulty != difficulty:
            return False
        haystack = " ".join((s.title, s.summary, s.person.presentation, s.person.name, s.id)).lower()
        return all(word in haystack for word in text.lower().split())


class Browser(QWidget):
    """``chosen(scenario, seed)``: seed is None for a normal start (random later), set for "surprise me"."""

    chosen = Signal(object, object)

    def __init__(self, entries: list[CatalogEntry], rng: random.Random | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rng = rng or random.Random()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search scenarios (title, person, presentation)")
        self.search.setAccessibleName("Search scenarios")
        self.search.setClearButtonEnabled(True)
        self.difficulty = QComboBox()
        self.difficulty.setAccessibleName("Difficulty")
        self.difficulty.addItem("All difficulties", "")
        for d in DIFFICULTIES:
            self.difficulty.addItem(d.capitalize(), d)
        self.surprise = QPushButton("Surprise &me")
        self.surprise.setToolTip("A random scenario with a random seed")
        self.surprise.clicked.connect(self.surprise_me)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.difficulty)
        top.addWidget(self.surprise)
        intro = QLabel("<h2>Choose a scenario</h2>Talk a person in crisis down by speaking, typing or picking from the menu; "
                       "get an explained debrief at the end.")
        intro.setWordWrap(True)
        self.cards = [ScenarioCard(e) for e in entries]
        for card in self.cards:
            card.chosen.connect(lambda s: self.chosen.emit(s, None))
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addLayout(self.grid)
        holder_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.count)
        layout.addWidget(scroll, 1)
        self.search.textChanged.connect(self.refilter)
        self.difficulty.currentIndexChanged.connect(self.refilter)
        self.refilter()

    def playable(self) -> list[Scenario]:
        return [c.entry.scenario for c in self.cards if c.entry.scenario is not None]

    def visible_cards(self) -> list[ScenarioCard]:
        text, difficulty = self.search.text(), self.difficulty.currentData() or ""
        return [c for c in self.cards if c.matches(text, difficulty)]

    def refilter(self) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
            card.setVisible(False)
        shown = self.visible_cards()
        for i, card in enumerate(shown):
            self.grid.addWidget(card, i // 2, i % 2)
            card.setVisible(True)
        self.count.setText(f"{len(shown)} of {len(self.cards)} scenarios" if shown else "No scenario matches — clear the search or pick another difficulty.")

    def surprise_me(self) -> None:
        scenarios = self.playable()
        if scenarios:
            self.chosen.emit(self.rng.choice(scenarios), self.rng.randrange(1_000_000))


class ContentWarning(QDialog):
    """Shown before every start: what the scenario contains, the dispatch, and the seed."""

    def __init__(self, scenario: Scenario, seed: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.seed = seed
        self.setWindowTitle(f"Before you start — {scenario.title}")
        warnings = "".join(f"<li>{html.escape(w)}</li>" for w in scenario.content_warnings) or "<li>None listed.</li>"
        text = QLabel(f"<h2>{html.escape(scenario.title)}</h2>"
                      f"<table width='100%' cellpadding='8' style='background-color:#fff4ce;'><tr><td>"
                      f"<b>Content warning.</b> This scenario includes:<ul>{warnings}</ul>"
                      f"Take a break or end the session at any time (Pause, End session).</td></tr></table>"
                      f"<h3>The situation</h3><p>{html.escape(scenario.summary)}</p>"
                      f"<h3>Dispatch</h3><p>{html.escape(scenario.dispatch)}</p>"
                      f"<p><small>{scenario.difficulty.capitalize()} · about {scenario.estimated_minutes} minutes · seed {seed}</small></p>")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(text)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton("I understand — &start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.back_button = buttons.addButton("&Back", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)
        self.start_button.setFocus()

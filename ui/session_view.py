"""The session screen: the person (portrait, caption, what you see), your inputs, meters and transcript.

It observes the runner's event stream and redraws; every control makes exactly
one call on the runner (say, choose, act, refer, pause, end) or the speech
input (press, release). Nothing here decides how the person reacts.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from simulator.events import EventType, SessionEvent
from ui.session_runner import SessionRunner
from ui.transcript import Transcript, TranscriptView, label

ACTION_LABELS = {
    "step_back": "Step back", "approach": "Approach", "sit_down": "Sit down", "hands_visible": "Show hands",
    "call_backup": "Call backup", "call_mobile_crisis": "Call mobile crisis", "draw_weapon": "Draw weapon",
    "holster": "Holster", "physical_control": "Go hands-on",
}


def _wrap(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def _voice_gender(voice_id: str) -> str | None:
    """The person's gender as their voice profile gives it (only used to draw the portrait's hair)."""
    from simulator.voices import find_voice

    try:
        return find_voice(voice_id).gender
    except Exception:  # a missing profile only changes the drawing
        return None


class SessionView(QWidget):
    """One live session. ``debrief_requested`` when the trainee moves on to the debrief."""

    debrief_requested = Signal()
    mode_changed = Signal(str)

    def __init__(self, runner: SessionRunner, show_meters: bool = True, show_chips: bool = True, show_menu: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        s = runner.scenario
        self.speech = None  # a SpeechInput, attached by the window
        self._ranges = {n: (v.minimum, v.maximum) for n, v in s.variables.items() if v.kind == "number"}
        from ui.portrait import Portrait

        # --- the person -----------------------------------------------------------
        self.portrait = Portrait(s.person.name, s.person.age, long_hair=_voice_gender(s.person.voice) == "female")
        self.name_label = QLabel(f"<b>{s.person.name}</b>, {s.person.age} — {s.person.presentation}")
        self.name_label.setWordWrap(True)
        self.seen = _wrap(f"<b>What you see:</b> {s.person.appearance}")
        self.seen.setAccessibleName("What you see")
        self.caption = QLabel("")
        self.caption.setWordWrap(True)
        self.caption.setObjectName("caption")
        self.caption.setAccessibleName("Caption")
        self.caption.setMinimumHeight(60)
        self.caption.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption.setStyleSheet("#caption { background: #1e2430; color: #ffffff; padding: 8px; font-size: 120%; }")
        person_box = QVBoxLayout()
        person_box.addWidget(self.portrait, 3)
        person_box.addWidget(self.name_label)
        person_box.addWidget(self.caption)
        person = QWidget()
        person.setLayout(person_box)

        # --- meters ---------------------------------------------------------------
        self.meters = QGroupBox("Inner state (hidden in realistic mode)")
        grid = QGridLayout(self.meters)
        grid.setContentsMargins(6, 4, 6, 4)
        self.meter_bars: dict[str, QProgressBar] = {}
        for row, name in enumerate(n for n in ("agitation", "trust") if n in self._ranges):
            bar = QProgressBar()
            lo, hi = self._ranges[name]
            bar.setRange(int(lo), int(hi))
            bar.setFormat("%v")
            bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
            bar.setAccessibleName(name.capitalize())
            bar.setStyleSheet("QProgressBar::chunk { background: %s; }" % ("#d9534f" if name == "agitation" else "#2e7d32"))
            grid.addWidget(QLabel(name.capitalize()), row, 0)
            grid.addWidget(bar, row, 1)
            self.meter_bars[name] = bar
        self.meters.setVisible(show_meters)
        person_box.addWidget(self.meters)
        person_box.addWidget(self.seen)

        # --- transcript -----------------------------------------------------------
        self.transcript = TranscriptView(Transcript(s.person.name, {c.id: c.name for c in s.characters.values()}))
        self.transcript.show_chips = show_chips

        # --- input ----------------------------------------------------------------
        self.text = QLineEdit()
        self.text.setPlaceholderText("Type what you say to them, then press Enter")
        self.text.setAccessibleName("What you say")
        self.text.returnPressed.connect(self._send)
        self.send = QPushButton("&Say")
        self.send.clicked.connect(self._send)
        self.talk = QPushButton("Hold to &talk (Space)")
        self.talk.setEnabled(False)
        self.talk.pressed.connect(self._press)
        self.talk.released.connect(self._release)
        self.hands_free = QCheckBox("&Hands-free")
        self.hands_free.toggled.connect(lambda on: self.mode_changed.emit("hands_free" if on else "push_to_talk"))
        self.level = QProgressBar()
        self.level.setRange(-60, 0)
        self.level.setValue(-60)
        self.level.setTextVisible(False)
        self.level.setToolTip("Microphone level")
        self.level.setMaximumWidth(140)
        self.level.setAccessibleName("Microphone level")
        self.heard = QLabel("")
        self.heard.setAccessibleName("What the recogniser hears")
        self.heard.setStyleSheet("color: #555; font-style: italic;")
        self.speech_status = QLabel("Voice input is not set up for this session: type, or use the menu.")
        self.speech_status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.send)
        voice_row = QHBoxLayout()
        voice_row.addWidget(self.talk)
        voice_row.addWidget(self.hands_free)
        voice_row.addWidget(QLabel("Mic:"))
        voice_row.addWidget(self.level)
        voice_row.addWidget(self.heard, 1)

        self.menu_box = QGroupBox("Menu of choices")
        self.menu = QListWidget()
        self.menu.setWordWrap(True)
        self.menu.setAlternatingRowColors(True)
        self.menu.setSpacing(2)
        self.menu.setAccessibleName("Menu of choices")
        self.menu.itemActivated.connect(self._choose_item)
        self.choose_button = QPushButton("Say this &choice")
        self.choose_button.clicked.connect(lambda: self._choose_item(self.menu.currentItem()))
        mb = QVBoxLayout(self.menu_box)
        mb.addWidget(self.menu)
        mb.addWidget(self.choose_button)
        self.menu_toggle = QCheckBox("Show &menu")
        self.menu_toggle.setChecked(show_menu)
        self.menu_toggle.toggled.connect(self.menu_box.setVisible)
        self.menu_box.setVisible(show_menu)

        self.actions_box = QGroupBox("Actions")
        actions_layout = QGridLayout(self.actions_box)
        self.action_buttons: dict[str, QPushButton] = {}
        for i, action in enumerate(s.actions):
            button = QPushButton(ACTION_LABELS.get(action, label(action)))
            button.clicked.connect(lambda _=False, a=action: self.runner.act(a))
            actions_layout.addWidget(button, i // 3, i % 3)
            self.action_buttons[action] = button
        self.referral = QComboBox()
        self.referral.setAccessibleName("Referral")
        for resource in s.referrals:
            self.referral.addItem(label(resource).capitalize(), resource)
        self.offer = QPushButton("&Offer referral")
        self.offer.clicked.connect(lambda: self.runner.refer(self.referral.currentData()))
        ref_row = QHBoxLayout()
        ref_row.addWidget(QLabel("Referral:"))
        ref_row.addWidget(self.referral, 1)
        ref_row.addWidget(self.offer)
        actions_layout.addLayout(ref_row, (len(s.actions) + 2) // 3, 0, 1, 3)

        inputs = QVBoxLayout()
        inputs.addLayout(row)
        inputs.addLayout(voice_row)
        inputs.addWidget(self.speech_status)
        inputs.addWidget(self.menu_toggle)
        inputs.addWidget(self.menu_box, 2)
        inputs.addWidget(self.actions_box)

        inputs_widget = QWidget()
        inputs.setContentsMargins(0, 0, 0, 0)
        inputs_widget.setLayout(inputs)
        right_widget = QSplitter(Qt.Orientation.Vertical)  # the trainee can give the transcript or the inputs more room
        right_widget.addWidget(self.transcript)
        right_widget.addWidget(inputs_widget)
        right_widget.setStretchFactor(0, 1)
        right_widget.setStretchFactor(1, 1)
        right_widget.setChildrenCollapsible(False)
        self.menu.setMinimumHeight(90)
        right_widget.setSizes([5000, 4500])

        # --- top bar ---------------------------------------------------------------
        self.title = QLabel(f"<b>{s.title}</b>")
        self.title.setWordWrap(True)
        self.clock_label = QLabel("0:00")
        self.clock_label.setAccessibleName("Elapsed time")
        self.pause_button = QPushButton("&Pause")
        self.pause_button.clicked.connect(self._toggle_pause)
        self.end_button = QPushButton("&End session")
        self.end_button.clicked.connect(self.runner.end)
        self.debrief_button = QPushButton("See the &debrief ▶")
        self.debrief_button.setVisible(False)
        self.debrief_button.clicked.connect(self.debrief_requested.emit)
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet("#banner { background: #fff4ce; color: #5c4400; padding: 6px; }")
        self.banner.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.clock_label)
        top.addWidget(self.pause_button)
        top.addWidget(self.end_button)
        top.addWidget(self.debrief_button)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(person)
        split.addWidget(right_widget)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)

        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(500)
        self._clock_timer.timeout.connect(self._show_clock)
        self._clock_timer.start()
        self._banners: list[str] = []
        self._space_talking = False
        runner.event.connect(self.on_event)
        runner.paused_changed.connect(self._paused)
        self._fill_menu()

    # -- observing ------------------------------------------------------------------
    def on_event(self, e: SessionEvent) -> None:
        self.transcript.add(e)
        self._show_clock()
        d = e.data
        if e.type in (EventType.SESSION_STARTED, EventType.STATE_CHANGED):
            self._show_state(d.get("variables", {}))
        elif e.type == EventType.PERSON_SAID:
            if d.get("speaker") == "narrator":
                self.caption.setText(f"<i>{d['text']}</i>")
            else:
                name = self.runner.scenario.person.name if d.get("speaker") in (None, "person") else label(d["speaker"])
                self.caption.setText(f"<b>{name}:</b> {d['text']}")
        elif e.type == EventType.PHASE_CHANGED:
            self._fill_menu()
        elif e.type in (EventType.SESSION_ENDED, EventType.SESSION_CLOSED):
            self._finished(d)

    def _show_state(self, variables: dict) -> None:
        for name, bar in self.meter_bars.items():
            if name in variables:
                bar.setValue(round(float(variables[name])))
        share = {}
        for name in ("agitation", "trust"):
            lo, hi = self._ranges.get(name, (0.0, 100.0))
            value = float(self.runner.session.variables.get(name, lo))
            share[name] = 0.0 if hi <= lo else (value - lo) / (hi - lo)
        self.portrait.set_state(share["agitation"], share["trust"])

    def _fill_menu(self) -> None:
        self.menu.clear()
        session = self.runner.session
        for choice in session.scenario.phases[session.phase].choices if session.phase in session.scenario.phases else ():
            item = QListWidgetItem(choice.text)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            self.menu.addItem(item)
        self.menu_box.setTitle(f"Menu of choices ({self.menu.count()})" if self.menu.count() else "Menu of choices (none in this phase — say it your way)")
        self.choose_button.setEnabled(self.menu.count() > 0)

    def _finished(self, data: dict) -> None:
        ending = self.runner.session.ending
        if ending:
            self.portrait.set_outcome(self.runner.scenario.endings[ending].outcome)
        for w in (self.text, self.send, self.talk, self.menu, self.choose_button, self.offer, self.referral, self.pause_button, self.end_button,
                  *self.action_buttons.values()):
            w.setEnabled(False)
        self.debrief_button.setVisible(True)
        self.debrief_button.setFocus()
        self._clock_timer.stop()
        self._show_clock()

    def _show_clock(self) -> None:
        seconds = int(self.runner.elapsed())
        self.clock_label.setText(f"{seconds // 60}:{seconds % 60:02d}" + (" (paused)" if self.runner.paused else ""))

    def _paused(self, paused: bool) -> None:
        self.pause_button.setText("&Resume" if paused else "&Pause")
        for w in (self.text, self.send, self.menu, self.choose_button, self.offer, *self.action_buttons.values()):
            w.setEnabled(not paused)
        self._show_clock()

    # -- settings -------------------------------------------------------------------
    def set_meters_visible(self, visible: bool) -> None:
        self.meters.setVisible(visible)

    def set_chips_visible(self, visible: bool) -> None:
        self.transcript.set_show_chips(visible)

    def add_banner(self, text: str) -> None:
        if text not in self._banners:
            self._banners.append(text)
        self.banner.setText("\n".join(self._banners))
        self.banner.setVisible(True)

    def attach_speech(self, speech: object) -> None:
        """Connect a SpeechInput: its status, level, partial text and final utterances."""
        self.speech = speech
        speech.status.connect(self._speech_status)
        speech.level.connect(lambda db: self.level.setValue(int(max(-60, min(0, db)))))
        speech.partial.connect(lambda text: self.heard.setText(f"“{text}…”"))
        speech.final.connect(self._show_heard)
        speech.utterance.connect(self.runner.say_spoken)
        speech.listening.connect(lambda on: self.talk.setText("Listening… release to send" if on else "Hold to &talk (Space)"))
        self.hands_free.setChecked(speech.mode == "hands_free")
        self._speech_status(speech.state, speech.message)

    def _speech_status(self, state: str, message: str) -> None:
        self.speech_status.setText(message)
        self.talk.setEnabled(state == "ready" and not self.runner.session.finished)
        if state == "unavailable":
            self.add_banner(message)

    def _show_heard(self, text: str) -> None:
        self.heard.setText(f"Heard: “{text}”")

    # -- inputs: one call each ------------------------------------------------------
    def _send(self) -> None:
        text = self.text.text()
        self.text.clear()
        self.runner.say(text)

    def _choose_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.runner.choose(item.data(Qt.ItemDataRole.UserRole))

    def _toggle_pause(self) -> None:
        if self.runner.paused:
            self.runner.resume()
        else:
            self.runner.pause()

    def _press(self) -> None:
        if self.speech is not None:
            self.speech.press()

    def _release(self) -> None:
        if self.speech is not None:
            self.speech.release()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Space held is push-to-talk, unless the focus is in the text box or on a button (where Space types or clicks).

        The release always ends a talk that Space started, wherever the focus has gone meanwhile.
        """
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) or not isinstance(event, QKeyEvent) \
                or event.key() != Qt.Key.Key_Space or event.isAutoRepeat():
            return super().eventFilter(obj, event)
        if event.type() == QEvent.Type.KeyRelease and self._space_talking:
            self._space_talking = False
            self._release()
            return True
        focus = QApplication.focusWidget()
        if event.type() == QEvent.Type.KeyPress and self.talk.isEnabled() and self.isVisible() and focus is not None \
                and self.isAncestorOf(focus) and not isinstance(focus, QLineEdit | QAbstractButton | QComboBox):
            self._space_talking = True
            self._press()
            return True
        return super().eventFilter(obj, event)

    def showEvent(self, event: QEvent) -> None:
        QApplication.instance().installEventFilter(self)
        super().showEvent(event)

    def hideEvent(self, event: QEvent) -> None:
        QApplication.instance().removeEventFilter(self)
        super().hideEvent(event)

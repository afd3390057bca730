"""The session screen: the person (portrait, caption, what you see), your inputs, meters and transcript.

It observes the runner's event stream and redraws (the turns themselves run on
the runner's worker thread; this view reads only the runner's mirror of the
session, kept on the GUI thread); every control makes exactly
one call on the runner (say, choose, act, refer, pause) or the speech input
(press, release), then gives the focus back to the text box, so the next thing
typed is words, never a second press of the button just used. Ending early is a
request the window confirms (``end_requested``). Nothing here decides how the
person reacts, and text from the trainee or a scenario file is shown as typed
(escaped), never as markup.

Layout rules for small screens (1366×768 at up to 200 % scaling, fonts up to
20 pt): the person's panel and the inputs scroll instead of being cut off,
every label wraps, and nothing sets a width from its text, so a long
recognised sentence cannot widen the window.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent, QWheelEvent
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
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from simulator.events import EventType, SessionEvent
from simulator.heard import Heard, needs_confirmation
from simulator.inputs import MAX_TURN_CHARS
from ui.session_runner import SessionRunner
from ui.transcript import Transcript, TranscriptView, label

ACTION_LABELS = {
    "step_back": "Step back", "approach": "Approach", "sit_down": "Sit down", "hands_visible": "Show hands",
    "call_backup": "Call backup", "call_mobile_crisis": "Call mobile crisis", "draw_weapon": "Draw weapon",
    "holster": "Holster", "physical_control": "Go hands-on",
}
# Meter values in words, so they read without colour (and to a screen reader).
LEVEL_WORDS = ((0.2, "very low"), (0.4, "low"), (0.6, "middling"), (0.8, "high"), (1.01, "very high"))


def _wrap(text: str = "") -> QLabel:
    """A wrapping label whose text is always HTML (callers escape what they show): left to Qt's guess, a line with no
    tags was shown as plain text, entities and all ("it&#x27;s")."""
    lab = QLabel()
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setText(text)
    lab.setWordWrap(True)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    lab.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # wraps to the room it has, never widens
    lab.setMinimumWidth(60)
    return lab


def level_word(share: float) -> str:
    return next(word for limit, word in LEVEL_WORDS if share < limit)


class _ReferralBox(QComboBox):
    """Scrolling the panel past the drop-down must not change it: a wheel over a list the trainee has not clicked
    goes on to the page (a referral silently changed by scrolling would be offered by the next click)."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class SessionView(QWidget):
    """One live session. ``debrief_requested`` when the trainee moves on to the debrief; ``end_requested`` to end early."""

    debrief_requested = Signal()
    end_requested = Signal()
    mode_changed = Signal(str)

    def __init__(self, runner: SessionRunner, show_meters: bool = True, show_chips: bool = True, show_menu: bool = True,
                 parent: QWidget | None = None, long_hair: bool = False, confirm_mode: str = "confirm_unsure") -> None:
        super().__init__(parent)
        self.runner = runner
        self.confirm_mode = confirm_mode
        s = runner.scenario
        self.speech = None  # a SpeechInput, attached by the window
        self.pending: tuple[Heard, bytes, int] | None = None  # a spoken turn waiting for send / edit / say again
        self.last_heard: Heard | None = None
        self._ranges = {n: (v.minimum, v.maximum) for n, v in s.variables.items() if v.kind == "number"}
        from ui.portrait import Portrait

        # --- the person -----------------------------------------------------------
        self.portrait = Portrait(s.person.name, s.person.age, long_hair=long_hair)
        self.portrait.setMinimumSize(150, 150)
        self.name_label = _wrap(f"<b>{html.escape(s.person.name)}</b>, {s.person.age} — {html.escape(s.person.presentation)}")
        self.name_label.setAccessibleName("Who they are")
        self.seen = _wrap()
        self.seen.setAccessibleName("What you see")
        self._scene = ""
        self._show_seen()
        self.caption = _wrap("")
        self.caption.setObjectName("caption")
        self.caption.setAccessibleName("Caption")
        self.caption.setAccessibleDescription("The last thing said in the scene")
        self.caption.setMinimumHeight(50)
        self.caption.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption.setStyleSheet("#caption { background: #1e2430; color: #ffffff; padding: 8px; font-size: 120%; }")
        person_box = QVBoxLayout()
        person_box.setContentsMargins(0, 0, 0, 0)
        person_box.addWidget(self.portrait, 3)
        person_box.addWidget(self.name_label)
        person_box.addWidget(self.caption)

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
            caption = QLabel(name.capitalize())
            caption.setBuddy(bar)
            grid.addWidget(caption, row, 0)
            grid.addWidget(bar, row, 1)
            self.meter_bars[name] = bar
        self.meters.setVisible(show_meters)
        person_box.addWidget(self.meters)
        person_box.addWidget(self.seen)
        person = QWidget()
        person.setLayout(person_box)

        # --- transcript -----------------------------------------------------------
        self.transcript = TranscriptView(Transcript(s.person.name, {c.id: c.name for c in s.characters.values()}))
        self.transcript.show_chips = show_chips
        self.transcript.setAccessibleDescription("Everything said so far, with the techniques each of your turns used")

        # --- input ----------------------------------------------------------------
        self.text = QLineEdit()
        self.text.setPlaceholderText("Type what you say to them, then press Enter")
        self.text.setAccessibleName("What you say")
        self.text.setAccessibleDescription("Type what you say to the person and press Enter")
        self.text.setMaxLength(MAX_TURN_CHARS)  # the core refuses longer turns; the box stops there instead of losing them
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
        self.level.setFormat("quiet")
        self.level.setToolTip("Microphone level")
        self.level.setMaximumWidth(140)
        self.level.setAccessibleName("Microphone level")
        self.heard = _wrap("")
        self.heard.setAccessibleName("What the recogniser heard")
        self.heard.setStyleSheet("color: #444; font-style: italic;")
        self.speech_status = _wrap("Voice input is not set up for this session: type, or use the menu.")
        self.speech_status.setAccessibleName("Speech input status")
        mic_label = QLabel("Mic:")
        mic_label.setBuddy(self.level)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.send)
        voice_row = QHBoxLayout()
        voice_row.addWidget(self.talk)
        voice_row.addWidget(self.hands_free)
        voice_row.addWidget(mic_label)
        voice_row.addWidget(self.level)

        # Send / edit / say again for a spoken turn the recogniser was unsure of (or always, by the setting).
        self.confirm_box = QFrame()
        self.confirm_box.setObjectName("confirm")
        self.confirm_box.setStyleSheet("#confirm { background: #eef3fb; border: 1px solid #90a4c8; }")
        self.confirm_text = _wrap("")
        self.confirm_text.setAccessibleName("Check what was heard")
        self.confirm_send = QPushButton("Send &it")
        self.confirm_edit = QPushButton("&Edit first")
        self.confirm_again = QPushButton("Say it a&gain")
        self.confirm_send.clicked.connect(self.send_pending)
        self.confirm_edit.clicked.connect(self.edit_pending)
        self.confirm_again.clicked.connect(self.discard_pending)
        cb = QVBoxLayout(self.confirm_box)
        cb.addWidget(self.confirm_text)
        crow = QHBoxLayout()
        for b in (self.confirm_send, self.confirm_edit, self.confirm_again):
            crow.addWidget(b)
        crow.addStretch(1)
        cb.addLayout(crow)
        self.confirm_box.setVisible(False)

        self.menu_box = QGroupBox("Menu of choices")
        self.menu = QListWidget()
        self.menu.setWordWrap(True)
        self.menu.setAlternatingRowColors(True)
        self.menu.setSpacing(2)
        self.menu.setAccessibleName("Menu of choices")
        self.menu.setAccessibleDescription("Pick a prepared line and press Enter, instead of typing")
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
        columns = 3
        for i, action in enumerate(s.actions):
            button = QPushButton(ACTION_LABELS.get(action, label(action)))
            button.setAccessibleDescription(f"Action: {label(action)}")
            button.clicked.connect(lambda _=False, a=action: self._act(a))
            actions_layout.addWidget(button, i // columns, i % columns)
            self.action_buttons[action] = button
        self.referral = _ReferralBox()
        self.referral.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.referral.setAccessibleName("Referral")
        self.referral.setAccessibleDescription("The service to offer the person")
        for resource in s.referrals:
            self.referral.addItem(label(resource).capitalize(), resource)
        self.offer = QPushButton("&Offer referral")
        self.offer.clicked.connect(self._refer)
        ref_label = QLabel("&Referral:")
        ref_label.setBuddy(self.referral)
        ref_row = QHBoxLayout()
        ref_row.addWidget(ref_label)
        ref_row.addWidget(self.referral, 1)
        ref_row.addWidget(self.offer)
        actions_layout.addLayout(ref_row, (len(s.actions) + columns - 1) // columns, 0, 1, columns)

        inputs = QVBoxLayout()
        inputs.addLayout(row)
        inputs.addLayout(voice_row)
        inputs.addWidget(self.heard)
        inputs.addWidget(self.confirm_box)
        inputs.addWidget(self.speech_status)
        inputs.addWidget(self.menu_toggle)
        inputs.addWidget(self.menu_box, 2)
        inputs.addWidget(self.actions_box)
        inputs_widget = QWidget()
        inputs.setContentsMargins(0, 0, 4, 0)
        inputs_widget.setLayout(inputs)
        self.inputs_area = _scrolled(inputs_widget)
        right_widget = QSplitter(Qt.Orientation.Vertical)  # the trainee can give the transcript or the inputs more room
        right_widget.addWidget(self.transcript)
        right_widget.addWidget(self.inputs_area)
        right_widget.setStretchFactor(0, 1)
        right_widget.setStretchFactor(1, 2)
        right_widget.setChildrenCollapsible(False)
        self.menu.setMinimumHeight(70)
        right_widget.setSizes([3000, 6000])

        # --- top bar ---------------------------------------------------------------
        self.title = _wrap(f"<b>{html.escape(s.title)}</b>")
        self.title.setAccessibleName("Scenario")
        self.clock_label = QLabel("0:00")
        self.clock_label.setAccessibleName("Elapsed time")
        self.pause_button = QPushButton("&Pause")
        self.pause_button.clicked.connect(self._toggle_pause)
        self.end_button = QPushButton("&End session")
        self.end_button.setAccessibleDescription("End the session early (asks first) and see the debrief")
        self.end_button.clicked.connect(self.end_requested.emit)
        self.debrief_button = QPushButton("See the &debrief ▶")
        self.debrief_button.setVisible(False)
        self.debrief_button.clicked.connect(self.debrief_requested.emit)
        self.banner = _wrap("")
        self.banner.setObjectName("banner")
        self.banner.setAccessibleName("Notice")
        self.banner.setStyleSheet("#banner { background: #fff4ce; color: #5c4400; padding: 6px; }")
        self.banner.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.clock_label)
        top.addWidget(self.pause_button)
        top.addWidget(self.end_button)
        top.addWidget(self.debrief_button)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(_scrolled(person))
        split.addWidget(right_widget)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([2000, 3000])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        for button in self.findChildren(QAbstractButton):
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # Enter in the text box says the words; it never presses a button
                button.setDefault(False)
            if not button.accessibleName():
                button.setAccessibleName(button.text().replace("&", ""))

        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(500)
        self._clock_timer.timeout.connect(self._show_clock)
        self._clock_timer.start()
        self._banners: list[str] = []
        self._space_talking = False
        self._transcript_dirty = False
        runner.session_event.connect(self.on_event)
        runner.delivered.connect(self._render_transcript)
        runner.paused_changed.connect(self._paused)
        runner.problem.connect(self.add_banner)  # recording impossible or failed, a turn that failed: said in words
        self._fill_menu()

    # -- observing ------------------------------------------------------------------
    def on_event(self, e: SessionEvent) -> None:
        # The transcript is laid out again whole: once per batch the runner delivers (``delivered``), not once per
        # event; a turn is eight or so events, and re-rendering a long transcript is the costliest thing on this screen.
        self._transcript_dirty |= self.transcript.transcript.add(e)
        self._show_clock()
        d = e.data
        if e.type in (EventType.SESSION_STARTED, EventType.STATE_CHANGED):
            self._show_state(d.get("variables", {}))
        elif e.type == EventType.PERSON_SAID:
            if d.get("speaker") == "narrator":
                self.caption.setText(f"<i>{html.escape(d['text'])}</i>")
                if not str(d.get("line", "")).endswith(".pending"):  # "the offer is being weighed" is a moment, not the scene
                    self._scene = str(d["text"])
                    self._show_seen()
            else:
                scenario = self.runner.scenario
                speaker = d.get("speaker")
                characters = {c.id: c.name for c in scenario.characters.values()}
                name = scenario.person.name if speaker in (None, "person") else characters.get(str(speaker), label(str(speaker)))
                self.caption.setText(f"<b>{html.escape(name)}:</b> {html.escape(d['text'])}")
        elif e.type == EventType.PHASE_CHANGED:
            phase = self.runner.scenario.phases.get(str(d.get("to", "")))
            if phase is not None and phase.narration:
                self._scene = phase.narration
                self._show_seen()
            self._fill_menu()
        elif e.type == EventType.UNDERSTOOD and d.get("understood") is False:
            from simulator.understanding.language import not_understood_message

            self.caption.setText(f"<i>({html.escape(not_understood_message(d.get('language')))} "
                                 f"{html.escape(self.runner.scenario.person.name)} did not follow that. Say it in English.)</i>")
        elif e.type in (EventType.SESSION_ENDED, EventType.SESSION_CLOSED):
            self._finished(d)

    def _render_transcript(self) -> None:
        if self._transcript_dirty:
            self._transcript_dirty = False
            self.transcript.render_html()

    def _show_seen(self) -> None:
        """The person's appearance, then what the scene looks like now (it changes as the scene moves on)."""
        person = self.runner.scenario.person
        now = f"<br><b>Now:</b> {html.escape(self._scene)}" if self._scene else ""
        self.seen.setText(f"<b>What you see:</b> {html.escape(person.appearance)}{now}")
        self.seen.setAccessibleDescription(f"{person.appearance} {self._scene}".strip())

    def _show_state(self, variables: dict) -> None:
        share = {}
        for name in ("agitation", "trust"):
            lo, hi = self._ranges.get(name, (0.0, 100.0))
            value = float(self.runner.variables.get(name, lo))
            share[name] = 0.0 if hi <= lo else (value - lo) / (hi - lo)
        for name, bar in self.meter_bars.items():
            if name in variables:
                bar.setValue(round(float(variables[name])))
            words = level_word(share.get(name, 0.0))
            bar.setFormat(f"%v — {words}")
            bar.setAccessibleDescription(f"{name} {bar.value()}, {words}")
        self.portrait.set_state(share["agitation"], share["trust"])

    def _fill_menu(self) -> None:
        self.menu.clear()
        phases, phase = self.runner.scenario.phases, self.runner.phase  # the runner's mirror: the session itself is on its worker
        for choice in phases[phase].choices if phase in phases else ():
            item = QListWidgetItem(choice.text)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            self.menu.addItem(item)
        self.menu_box.setTitle(f"Menu of choices ({self.menu.count()})" if self.menu.count() else "Menu of choices (none in this phase — say it your way)")
        self.choose_button.setEnabled(self.menu.count() > 0)

    def _finished(self, data: dict) -> None:
        ending = self.runner.ending
        if ending:
            self.portrait.set_outcome(self.runner.scenario.endings[ending].outcome)
        self.confirm_box.setVisible(False)
        self.pending = None
        for w in (self.text, self.send, self.talk, self.menu, self.choose_button, self.offer, self.referral, self.pause_button, self.end_button,
                  *self.action_buttons.values()):
            w.setEnabled(False)
        self.debrief_button.setVisible(True)
        self.debrief_button.setFocus()
        self._clock_timer.stop()
        self._show_clock()

    def _show_clock(self) -> None:
        seconds = int(self.runner.elapsed())
        why = ""
        if self.runner.paused:
            holds = self.runner.holds
            why = (" (paused by the instructor)" if "instructor" in holds else " (paused)" if "trainee" in holds or "dialog" in holds
                   else " (waiting for speech recognition)" if holds else " (paused)")
        self.clock_label.setText(f"{seconds // 60}:{seconds % 60:02d}{why}")

    def _paused(self, paused: bool) -> None:
        refusing = self.runner.refusing
        self.pause_button.setText("&Resume" if "trainee" in self.runner.holds else "&Pause")
        for w in (self.text, self.send, self.menu, self.choose_button, self.offer, *self.action_buttons.values()):
            w.setEnabled(not refusing and not self.runner.ended)
        self._show_clock()

    # -- settings -------------------------------------------------------------------
    def set_meters_visible(self, visible: bool) -> None:
        self.meters.setVisible(visible)

    def set_chips_visible(self, visible: bool) -> None:
        self.transcript.set_show_chips(visible)

    def add_banner(self, text: str) -> None:
        if text not in self._banners:
            self._banners.append(text)
        self.banner.setText("<br>".join(html.escape(b) for b in self._banners))
        self.banner.setVisible(True)

    def attach_speech(self, speech: object) -> None:
        """Connect a SpeechInput: its status, level, partial text and final utterances."""
        self.speech = speech
        speech.status.connect(self._speech_status)
        speech.level.connect(self._show_level)
        speech.partial.connect(lambda text: self.heard.setText(f"Hearing: “{html.escape(text)}…”"))
        speech.heard.connect(self._on_heard)
        speech.listening.connect(lambda on: self.talk.setText("Listening… release to send" if on else "Hold to &talk (Space)"))
        self.hands_free.setChecked(speech.mode == "hands_free")
        self._speech_status(speech.state, speech.message)

    def _show_level(self, db: float) -> None:
        value = int(max(-60, min(0, db)))
        self.level.setValue(value)
        self.level.setFormat("loud" if value > -12 else "speaking" if value > -35 else "quiet")

    def _speech_status(self, state: str, message: str) -> None:
        self.speech_status.setText(html.escape(message))
        self.talk.setEnabled(state == "ready" and not self.runner.ended)
        if state == "unavailable":
            self.add_banner(message)

    # -- what was heard: send, or ask first -------------------------------------------------
    def _on_heard(self, text: str, confidence: object, pcm: bytes, rate: int) -> None:
        heard = Heard(text, confidence if isinstance(confidence, float) else None)
        self.last_heard = heard
        if self.runner.ended:
            return
        if self.runner.refusing:  # paused: refused, visibly (nothing the trainee said is silently lost)
            self.heard.setText(f"Heard “{html.escape(text)}” while paused — not sent. Resume, then say it again (or type it).")
            return
        self.heard.setText(f"Heard: “{html.escape(text)}” — {html.escape(heard.words)}")
        if needs_confirmation(self.confirm_mode, heard):
            self.pending = (heard, pcm, rate)
            self.confirm_text.setText(f"Did you say: “{html.escape(text)}”? ({html.escape(heard.words)})")
            self.confirm_box.setVisible(True)
            self.confirm_send.setFocus()
            return
        self.runner.say_spoken(text, pcm, rate, heard=text, confidence=heard.confidence)

    def send_pending(self) -> None:
        """Send the spoken turn as heard."""
        if self.pending is not None:
            heard, pcm, rate = self.pending
            self._clear_pending()
            self.runner.say_spoken(heard.text, pcm, rate, heard=heard.text, confidence=heard.confidence)

    def edit_pending(self) -> None:
        """Put what was heard in the text box to correct it; Enter sends the corrected words (the recording keeps both)."""
        if self.pending is not None:
            heard, pcm, rate = self.pending
            self._clear_pending()
            self._editing = (heard, pcm, rate)
            self.text.setText(heard.text)
            self.text.setFocus()
            self.text.selectAll()

    def discard_pending(self) -> None:
        """Drop it: the trainee will say it again."""
        self._clear_pending()
        self.heard.setText("Say it again when ready (hold Space or the Talk button).")

    def _clear_pending(self) -> None:
        self.pending = None
        self._editing = None
        self.confirm_box.setVisible(False)
        self.text.setFocus()

    # -- inputs: one call each, then the focus goes back to the text box -------------------------
    def _send(self) -> None:
        text = self.text.text()
        self.text.clear()
        editing = getattr(self, "_editing", None)
        self._editing = None
        if editing is not None and text.strip():
            heard, pcm, rate = editing
            self.runner.say_spoken(text, pcm, rate, heard=heard.text, confidence=heard.confidence)
        else:
            self.runner.say(text)
        self.text.setFocus()

    def _act(self, action: str) -> None:
        self.runner.act(action)
        self._refocus()

    def _refer(self) -> None:
        self.runner.refer(self.referral.currentData())
        self._refocus()

    def _choose_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.runner.choose(item.data(Qt.ItemDataRole.UserRole))
            self._refocus()

    def _refocus(self) -> None:
        if self.text.isEnabled():
            self.text.setFocus()

    def _toggle_pause(self) -> None:
        if "trainee" in self.runner.holds:
            self.runner.resume()
            self._refocus()
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

        Watched on this screen's own focusable widgets (``_watch_space``), not on the whole application: an
        application-wide filter in Python runs for every event of every object (each paint, layout, timer and
        queued signal) and needs the interpreter lock for each, so while a background thread ran Python
        (scenario YAML, model loading) a transcript re-render or the debrief's construction waited for the
        lock hundreds of times over — GUI stalls of 0.2–2.5 s in the soak. Only while a Space talk is held does
        the filter watch the whole application, so the release is seen wherever the focus went.
        """
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) or not isinstance(event, QKeyEvent) \
                or event.key() != Qt.Key.Key_Space or event.isAutoRepeat():
            return False
        if event.type() == QEvent.Type.KeyRelease and self._space_talking:
            self._space_talking = False
            self._watch_everywhere(False)
            self._release()
            return True
        focus = QApplication.focusWidget()
        if event.type() == QEvent.Type.KeyPress and self.talk.isEnabled() and self.isVisible() and focus is not None \
                and self.isAncestorOf(focus) and not isinstance(focus, QLineEdit | QAbstractButton | QComboBox):
            self._space_talking = True
            self._watch_everywhere(True)  # until the release, wherever the focus goes
            self._press()
            return True
        return False

    def _watch_everywhere(self, on: bool) -> None:
        app = QApplication.instance()
        if app is not None:
            if on:
                app.installEventFilter(self)
            else:
                app.removeEventFilter(self)

    def _watch_space(self, on: bool) -> None:
        """Filter this screen and its focusable widgets where Space may mean talk (not text boxes, buttons or drop-downs)."""
        for widget in (self, *self.findChildren(QWidget)):
            if widget is self or (widget.focusPolicy() != Qt.FocusPolicy.NoFocus and self.isAncestorOf(widget)
                                  and not isinstance(widget, QLineEdit | QAbstractButton | QComboBox)):
                if on:
                    widget.installEventFilter(self)
                else:
                    widget.removeEventFilter(self)

    def showEvent(self, event: QShowEvent) -> None:
        self._watch_space(True)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._watch_space(False)
        if self._space_talking:
            self._space_talking = False
            self._watch_everywhere(False)
            self._release()
        super().hideEvent(event)

"""The main window: browser → content warning → session → debrief, plus settings and the pre-flight check.

It assembles screens that each take their own model (catalog, runner, event
list) and wires the speech engines to the session; it holds no simulation
logic itself.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from simulator.catalog import CatalogEntry
from simulator.clock import Clock
from simulator.events import EventType, SessionEvent
from simulator.scenario.model import Scenario
from ui.browser import Browser, ContentWarning
from ui.settings import AppSettings, SettingsDialog

FOCUS_STYLE = """
QPushButton:focus, QCheckBox:focus, QComboBox:focus, QLineEdit:focus, QListWidget:focus, QTextBrowser:focus, QSlider:focus, QSpinBox:focus {
    border: 2px solid #1565c0;
}
QPushButton { padding: 5px 10px; }
"""


class MainWindow(QMainWindow):
    """The app. ``speech=False`` leaves microphone and voice out (tests of typing and menus)."""

    def __init__(self, entries: list[CatalogEntry], settings: AppSettings | None = None, speech: bool = True,
                 clock_factory: Callable[[], Clock] | None = None, rng: random.Random | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.speech_enabled = speech
        self.clock_factory = clock_factory
        self.rng = rng or random.Random()
        self.setWindowTitle("De-escalate — crisis intervention trainer")
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.browser = Browser(entries, self.rng)
        self.browser.chosen.connect(self.open_scenario)
        self.stack.addWidget(self.browser)
        self.runner = None
        self.session_view = None
        self.debrief = None
        self.warning: ContentWarning | None = None
        self.voice = None
        self.speech = None
        self._build_menu()
        self.settings.changed.connect(self.apply_settings)
        self.apply_settings()
        self.resize(1280, 820)

    def _build_menu(self) -> None:
        bar = self.menuBar()
        app_menu = bar.addMenu("&Trainer")
        self.scenarios_action = QAction("&Scenarios", self, shortcut=QKeySequence("Ctrl+L"), triggered=self.show_browser)
        self.preflight_action = QAction("&Pre-flight check…", self, shortcut=QKeySequence("Ctrl+K"), triggered=self.open_preflight)
        self.settings_action = QAction("S&ettings…", self, shortcut=QKeySequence("Ctrl+,"), triggered=self.open_settings)
        self.sessions_action = QAction("Sessions on &record", self, shortcut=QKeySequence("Ctrl+H"), triggered=self.show_sessions)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence("Ctrl+Q"), triggered=self.close)
        for action in (self.scenarios_action, self.sessions_action, self.preflight_action, self.settings_action):
            app_menu.addAction(action)
        app_menu.addSeparator()
        app_menu.addAction(quit_action)
        tools = self.addToolBar("Main")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.scenarios_action, self.sessions_action, self.preflight_action, self.settings_action):
            tools.addAction(action)

    # -- settings -------------------------------------------------------------------
    def apply_settings(self) -> None:
        app = QApplication.instance()
        font = QFont(app.font())
        font.setPointSize(self.settings.get("font_size"))
        app.setFont(font)
        app.setStyleSheet(FOCUS_STYLE)
        if self.session_view is not None:
            self.session_view.set_meters_visible(self.settings.meters_visible)
            self.session_view.set_chips_visible(self.settings.chips_visible)
        if self.voice is not None:
            self.voice.set_volume(self.settings.get("volume"))

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self)
        dialog.open()
        return dialog

    def open_preflight(self):  # -> PreflightDialog
        from ui.preflight import PreflightDialog

        dialog = PreflightDialog(self.settings, self)
        dialog.open()
        return dialog

    # -- screens --------------------------------------------------------------------
    def show_browser(self) -> None:
        if self.runner is not None and not self.runner.session.finished and self.stack.currentWidget() is self.session_view:
            self.runner.end()
        self.stack.setCurrentWidget(self.browser)
        self.browser.search.setFocus()

    def sessions_dir(self) -> Path | None:
        """The sessions folder from the settings (a shared lab folder, say), or None for the default."""
        chosen = self.settings.get("sessions_dir")
        return Path(chosen).expanduser() if chosen else None

    def show_sessions(self, sessions_dir: Path | None = None):  # -> SessionsView
        """The history of recorded sessions, with a trainee's progress; opens the replay viewer."""
        from simulator.records.recorder import default_sessions_dir
        from ui.replay_view import SessionsView

        self.show_browser()
        self._drop(getattr(self, "sessions_view", None))
        self.sessions_view = SessionsView(sessions_dir or self.sessions_dir() or default_sessions_dir())
        self.sessions_view.replay_requested.connect(self.show_replay)
        self.stack.addWidget(self.sessions_view)
        self.stack.setCurrentWidget(self.sessions_view)
        return self.sessions_view

    def show_replay(self, folder: str):  # -> ReplayView
        from ui.replay_view import ReplayView

        self._drop(getattr(self, "replay_view", None))
        self.replay_view = ReplayView(Path(folder))
        self.replay_view.back_requested.connect(lambda: self.stack.setCurrentWidget(self.sessions_view))
        self.stack.addWidget(self.replay_view)
        self.stack.setCurrentWidget(self.replay_view)
        return self.replay_view

    def open_scenario(self, scenario: Scenario, seed: int | None = None) -> ContentWarning:
        """Show the content warning; starting from it begins the session."""
        seed = self.rng.randrange(1_000_000) if seed is None else seed
        self.warning = ContentWarning(scenario, seed, self)
        self.warning.accepted.connect(lambda: self.start_session(scenario, seed))
        self.warning.open()
        return self.warning

    def start_session(self, scenario: Scenario, seed: int) -> None:
        from ui.session_runner import SessionRunner
        from ui.session_view import SessionView

        self._stop_speech()
        self._drop(self.session_view)
        self._drop(self.debrief)
        self.debrief = None
        clock = self.clock_factory() if self.clock_factory else None
        self.runner = SessionRunner(scenario, seed, clock=clock, parent=self, sessions_dir=self.sessions_dir(), trainee=self.settings.get("trainee"))
        s = self.settings
        self.session_view = SessionView(self.runner, show_meters=s.meters_visible, show_chips=s.chips_visible, show_menu=s.get("show_menu"))
        self.session_view.debrief_requested.connect(self.show_debrief)
        if self.runner.record_problem:
            self.session_view.add_banner(self.runner.record_problem)
        self.runner.finished.connect(self._session_finished)
        self.stack.addWidget(self.session_view)
        self.stack.setCurrentWidget(self.session_view)
        if self.speech_enabled:
            self._start_speech(scenario)
        self.runner.event.connect(self._speak)
        self.runner.start()
        self.session_view.text.setFocus()

    def _session_finished(self) -> None:
        if self.runner is not None and self.runner.session.closed:  # ended early by the trainee: straight to the debrief
            self.show_debrief()

    def show_debrief(self) -> None:
        from ui.debrief import DebriefView

        if self.runner is None:
            return
        self._stop_speech()
        self._drop(self.debrief)
        self.debrief = DebriefView(self.runner.scenario, self.runner.events)
        self.debrief.retry.connect(self.retry)
        self.debrief.back.connect(self.show_browser)
        self.stack.addWidget(self.debrief)
        self.stack.setCurrentWidget(self.debrief)
        self.debrief.same_seed.setFocus()

    def retry(self, same_seed: bool) -> None:
        if self.runner is None:
            return
        seed = self.runner.seed if same_seed else self.rng.randrange(1_000_000)
        self.start_session(self.runner.scenario, seed)

    def _drop(self, widget: QWidget | None) -> None:
        if widget is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()

    # -- speech ---------------------------------------------------------------------
    def _start_speech(self, scenario: Scenario) -> None:
        from ui.audio_out import Voice
        from ui.speech_input import SpeechInput

        s = self.settings
        view = self.session_view
        self.speech = SpeechInput(s.get("speech_engine"), s.get("input_device"), s.get("listen_mode"), s.get("vosk_model"), self)
        view.attach_speech(self.speech)
        view.mode_changed.connect(self._mode_changed)
        phrases = [c.text for ph in scenario.phases.values() for c in ph.choices]
        self.speech.load(phrases)
        if s.get("voice_on"):
            self.voice = Voice(s.get("output_device"), s.get("volume"), self)
            self.voice.started.connect(self.speech.mute)
            self.voice.done.connect(self.speech.unmute)
            if not self.voice.prepare():
                view.add_banner(self.voice.problem)

    def _mode_changed(self, mode: str) -> None:
        self.settings.update({"listen_mode": mode})
        if self.speech is not None:
            self.speech.set_mode(mode)

    def _speak(self, e: SessionEvent) -> None:
        if self.voice is None or not self.voice.active or e.type != EventType.PERSON_SAID or e.data.get("speaker") == "narrator":
            return
        from simulator.voices import find_voice

        scenario = self.runner.scenario
        voice_id = scenario.person.voice
        speaker = e.data.get("speaker")
        if speaker not in (None, "person") and speaker in scenario.characters:
            voice_id = scenario.characters[speaker].voice or voice_id
        try:
            profile = find_voice(voice_id)
        except Exception as exc:  # a missing voice profile must not stop the session: captions still show
            self.session_view.add_banner(f"The voice '{voice_id}' could not be loaded ({exc}); captions only.")
            return
        ranges = {n: (v.minimum, v.maximum) for n, v in scenario.variables.items() if v.kind == "number"}
        self.voice.say(e.data["line"] + f"#{e.seq}", e.data["text"], profile.settings(e.data.get("variables") or {}, ranges))

    def _stop_speech(self) -> None:
        if self.speech is not None:
            self.speech.close()
            self.speech.deleteLater()
            self.speech = None
        if self.voice is not None:
            self.voice.close()
            self.voice.deleteLater()
            self.voice = None

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner is not None and not self.runner.session.finished:
            self.runner.end()
        self._stop_speech()
        super().closeEvent(event)

"""The main window: browser → content warning → session → debrief, plus settings and the pre-flight check.

It assembles screens that each take their own model (catalog, runner, event
list) and wires the speech engines to the session; it holds no simulation
logic itself. Two rules it keeps for the trainee:

- Leaving a live session by any route (the Scenarios or Sessions screens, the
  End button, closing the window, Quit) asks first, and the session log records
  how it ended.
- The session's clock stops while speech recognition loads and while a dialog
  (Settings, the pre-flight check, diagnostics) is over it.

When Settings has "Join a class", each session is also sent to the instructor's
hub by one ``simulator.instruct.station.Station`` kept for the app's lifetime
(so the hub can collect every finished session at the end of class). The
station's network runs on its own thread; the window only calls ``poll()`` on
a 1-s timer, which applies the instructor's controls on the GUI thread, the
session's own thread (the runner's worker, ``SessionRunner.call``), between the trainee's
turns; the station's hints come back to the GUI thread as a queued signal.

Closing the window ends the session and waits for the runner's worker to write
its last events and ``session.json``; a runner left behind by a new session
finishes on its own worker and is let go when it reports ``stopped``.
"""

from __future__ import annotations

import logging
import random
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from simulator.casting import Casting
from simulator.catalog import CatalogEntry
from simulator.clock import Clock
from simulator.events import EventType, SessionEvent
from simulator.scenario.model import Scenario
from ui import focus_ring
from ui.browser import Browser, ContentWarning
from ui.settings import AppSettings, SettingsDialog

if TYPE_CHECKING:
    from simulator.instruct.station import Station
    from ui.session_runner import SessionRunner

# How each route out of a live session is recorded (the session_closed reason).
LEAVE_REASONS = {
    "end": "the trainee ended the session",
    "scenarios": "the trainee left for the scenario list",
    "sessions": "the trainee left for the sessions on record",
    "close": "the trainee closed the window",
    "new": "the trainee started another session",
}

log = logging.getLogger(__name__)
STATION_POLL_MS = 1000  # how often the instructor's controls are applied (the app's 1-s tick)
INSTRUCTOR_HOLD = "instructor"  # the runner hold while the instructor has paused the scene


class MainWindow(QMainWindow):
    """The app. ``speech=False`` leaves microphone and voice out (tests of typing and menus)."""

    hint_received = Signal(str)  # an instructor's hint, from the session's worker thread to the GUI

    def __init__(self, entries: list[CatalogEntry], settings: AppSettings | None = None, speech: bool = True,
                 clock_factory: Callable[[], Clock] | None = None, rng: random.Random | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.speech_enabled = speech
        self.clock_factory = clock_factory
        self.rng = rng or random.Random()
        self.setWindowTitle("De-escalate — crisis intervention trainer")
        self.setAccessibleName("De-escalate")
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.browser = Browser(entries, self.rng)
        self.browser.chosen.connect(self.open_scenario)
        self.stack.addWidget(self.browser)
        self.runner = None
        self._retiring: set[SessionRunner] = set()  # earlier runners finishing their recording on their own thread
        self._polling = False  # a station poll is queued on the session's worker
        self.hint_received.connect(self._show_hint)
        self.session_view = None
        self.debrief = None
        self.casting: Casting | None = None
        self.warning: ContentWarning | None = None
        self.voice = None
        self.speech = None
        self.leave_box: QMessageBox | None = None  # the "end this session?" question while it is open
        self.ask_before_leaving = True
        self.station: Station | None = None  # while a class is joined (imported on first use: aiohttp only for a class)
        self.station_join = ""  # the join string that station was made for
        self.class_status = QLabel()
        self.class_status.setAccessibleName("Class")
        self.class_status.setVisible(False)
        self.statusBar().addPermanentWidget(self.class_status)
        self._station_timer = QTimer(self)
        self._station_timer.setInterval(STATION_POLL_MS)
        self._station_timer.timeout.connect(self.poll_station)
        self._build_menu()
        self.settings.changed.connect(self.apply_settings)
        self.apply_settings()
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """Open at a comfortable size that fits the screen (a 1366×768 laptop at 200 % is 683×384 logical)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 820)
            return
        room = screen.availableGeometry()
        frame = 40  # title bar and borders the window manager adds
        width, height = min(1280, room.width() - 16), min(820, room.height() - frame)
        self.setMinimumSize(min(640, width), min(400, height))
        self.resize(width, height)
        self.move(room.x() + (room.width() - width) // 2, room.y() + max(0, (room.height() - height - frame) // 2))

    def _build_menu(self) -> None:
        bar = self.menuBar()
        app_menu = bar.addMenu("&Trainer")
        self.scenarios_action = QAction("&Scenarios", self, shortcut=QKeySequence("Ctrl+L"), triggered=lambda: self.show_browser())
        self.preflight_action = QAction("&Pre-flight check…", self, shortcut=QKeySequence("Ctrl+K"), triggered=self.open_preflight)
        self.settings_action = QAction("S&ettings…", self, shortcut=QKeySequence("Ctrl+,"), triggered=self.open_settings)
        self.sessions_action = QAction("Sessions on &record", self, shortcut=QKeySequence("Ctrl+H"), triggered=lambda: self.show_sessions())
        quit_action = QAction("&Quit", self, shortcut=QKeySequence("Ctrl+Q"), triggered=self.close)
        for action in (self.scenarios_action, self.sessions_action, self.preflight_action, self.settings_action):
            app_menu.addAction(action)
        app_menu.addSeparator()
        app_menu.addAction(quit_action)
        help_menu = bar.addMenu("&Help")
        self.diagnostics_action = QAction("&Copy diagnostics", self, triggered=self.copy_diagnostics)
        help_menu.addAction(self.diagnostics_action)
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
        focus_ring.install(app)
        for widget in app.allWidgets():  # widgets made before the font changed keep theirs unless told
            if widget.font().pointSize() != font.pointSize() and not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
                widget.setFont(font)
        if self.session_view is not None:
            self.session_view.set_meters_visible(self.settings.meters_visible)
            self.session_view.set_chips_visible(self.settings.chips_visible)
            self.session_view.confirm_mode = self.settings.get("confirm_speech")
        if self.voice is not None:
            self.voice.set_volume(self.settings.get("volume"))

    def _hold_for(self, dialog: QDialog) -> QDialog:
        """A dialog over a live session pauses it until the dialog closes."""
        if self.runner is not None and not self.runner.ended:
            runner = self.runner
            runner.hold("dialog")
            dialog.finished.connect(lambda _r: runner.release_hold("dialog"))
        return dialog

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self, join_status=self.class_status_text())
        self._hold_for(dialog).open()
        return dialog

    def open_preflight(self):  # -> PreflightDialog
        from ui.preflight import PreflightDialog

        dialog = PreflightDialog(self.settings, self)
        self._hold_for(dialog).open()
        return dialog

    def diagnostics(self) -> str:
        """Versions, engines, devices and the log path, for a lab's bug report."""
        from ui.diagnostics import diagnostics_text

        return diagnostics_text(speech=self.speech, voice=self.voice, settings=self.settings)

    def copy_diagnostics(self) -> str:
        text = self.diagnostics()
        QApplication.clipboard().setText(text)
        self.statusBar().showMessage("Diagnostics copied: paste them into your report.", 8000)
        return text

    # -- leaving a live session ---------------------------------------------------------
    @property
    def live(self) -> bool:
        return self.runner is not None and self.runner.live

    def confirm_leave(self, route: str, then: Callable[[], object] | None = None) -> bool:
        """True when there is no live session: go ahead. Otherwise ask (without blocking) and return False;
        if the trainee agrees, the session is ended, recorded with how, and ``then`` runs."""
        if not self.live:
            return True
        if not self.ask_before_leaving:
            self.runner.end(LEAVE_REASONS.get(route, route))
            return True
        if self.leave_box is not None:
            self.leave_box.raise_()
            return False
        runner = self.runner
        runner.hold("dialog")
        box = QMessageBox(QMessageBox.Icon.Question, "End this session?",
                          "The session is still going. End it now? It is recorded as ended early and you can see the debrief.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText("&End session")
        box.button(QMessageBox.StandardButton.No).setText("&Keep going")
        box.setAccessibleName("End this session?")
        box.setAccessibleDescription("Ending now records the session as ended early")
        self.leave_box = box

        def answered(_result: int) -> None:
            ended = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
            self.leave_box = None
            runner.release_hold("dialog")
            box.deleteLater()
            if not ended:
                if self.session_view is not None and self.runner is runner:
                    self.session_view.text.setFocus()
                return
            runner.end(LEAVE_REASONS.get(route, route))
            if then is not None:
                then()

        box.finished.connect(answered)
        box.open()
        return False

    # -- screens --------------------------------------------------------------------
    def show_browser(self, ask: bool = True) -> bool:
        if ask and not self.confirm_leave("scenarios", lambda: self.show_browser(ask=False)):
            return False
        self.stack.setCurrentWidget(self.browser)
        self.browser.search.setFocus()
        return True

    def sessions_dir(self) -> Path | None:
        """The sessions folder from the settings (a shared lab folder, say), or None for the default."""
        chosen = self.settings.get("sessions_dir")
        return Path(chosen).expanduser() if chosen else None

    def show_sessions(self, sessions_dir: Path | None = None):  # -> SessionsView | None
        """The history of recorded sessions, with a trainee's progress; opens the replay viewer."""
        from simulator.records.recorder import default_sessions_dir
        from ui.replay_view import SessionsView

        if not self.confirm_leave("sessions", lambda: self.show_sessions(sessions_dir)):
            return None
        self.show_browser(ask=False)
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
        if self.warning is not None:  # a child of the window: without this every session's warning stays in memory
            self.warning.deleteLater()
        self.warning = ContentWarning(scenario, seed, self)
        self.warning.accepted.connect(lambda: self.start_session(scenario, seed))
        self.warning.open()
        return self.warning

    def start_session(self, scenario: Scenario, seed: int) -> None:
        from ui.session_runner import SessionRunner
        from ui.session_view import SessionView

        if not self.confirm_leave("new", lambda: self.start_session(scenario, seed)):
            return
        self._stop_speech()
        self._drop(self.session_view)
        self._drop(self.debrief)
        self.debrief = None
        if self.runner is not None:  # a child of the window: without this every session of a class period stays in memory
            self.runner.session_event.disconnect()
            self._retire(self.runner)
            self.runner = None
        clock = self.clock_factory() if self.clock_factory else None
        self.runner = SessionRunner(scenario, seed, clock=clock, parent=self, sessions_dir=self.sessions_dir(), trainee=self.settings.get("trainee"))
        self.casting = Casting(scenario)
        s = self.settings
        self.session_view = SessionView(self.runner, show_meters=s.meters_visible, show_chips=s.chips_visible, show_menu=s.get("show_menu"),
                                        long_hair=self.casting.gender() == "female", confirm_mode=s.get("confirm_speech"))
        self.session_view.debrief_requested.connect(self.show_debrief)
        self.session_view.end_requested.connect(lambda: self.confirm_leave("end"))
        self.runner.finished.connect(self._session_finished)
        self.stack.addWidget(self.session_view)
        self.stack.setCurrentWidget(self.session_view)
        if self.speech_enabled:
            self._start_speech(scenario)
        self.runner.session_event.connect(self._speak)
        self._join_class(self.runner)
        self.runner.start()
        self.session_view.text.setFocus()

    def _retire(self, runner: SessionRunner) -> None:
        """Let an ended session's runner finish its queued work (the log, ``session.json``) on its own thread, then go.

        Not waited for: the GUI must not block on a disk. It stops being the window's child at once and is
        released once its worker reports ``stopped``.
        """
        runner.setParent(None)
        self._retiring.add(runner)
        ref = weakref.ref(runner)  # not the runner itself: a slot holding it would keep it alive through Qt forever

        def released() -> None:
            gone = ref()
            if gone is not None:
                self._retiring.discard(gone)
                gone.deleteLater()  # the Qt object goes too (not only the Python one), at the loop's next turn

        runner.stopped.connect(released)
        runner.close(wait=False)

    def _session_finished(self) -> None:
        if self.runner is not None and self.runner.closed:  # ended early by the trainee: straight to the debrief
            self.show_debrief()

    def show_debrief(self) -> None:
        from ui.debrief import DebriefView

        if self.runner is None:
            return
        self._stop_speech()
        self._drop(self.debrief)
        self.debrief = DebriefView(self.runner.scenario, self.runner.events)
        self.debrief.retry.connect(self.retry)
        self.debrief.back.connect(lambda: self.show_browser())
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
        self.speech.status.connect(self._speech_status)
        view.attach_speech(self.speech)
        view.mode_changed.connect(self._mode_changed)
        if s.get("voice_on"):
            self.voice = Voice(s.get("output_device"), s.get("volume"), self)
            self.voice.started.connect(self._person_starts)
            self.voice.done.connect(self.speech.unmute)
            self.speech.barge_in.connect(self.voice.cancel)  # talked over, the person stops
            if not self.voice.prepare():
                view.add_banner(self.voice.problem)
        phrases = [c.text for ph in scenario.phases.values() for c in ph.choices]
        self.speech.load(phrases)

    def _speech_status(self, state: str, _message: str) -> None:
        """The session waits while recognition loads (the trainee may type to start without it)."""
        if self.runner is None:
            return
        if state == "loading":
            self.runner.hold("speech_loading")
        else:
            self.runner.release_hold("speech_loading")

    def _person_starts(self, _line: str) -> None:
        """The person's voice begins: the microphone is muted, unless the trainee is already talking (then they yield)."""
        if self.speech is not None and not self.speech.mute() and self.voice is not None:
            self.voice.cancel()

    def _mode_changed(self, mode: str) -> None:
        self.settings.update({"listen_mode": mode})
        if self.speech is not None:
            self.speech.set_mode(mode)

    def _speak(self, e: SessionEvent) -> None:
        if self.voice is None or not self.voice.active or e.type != EventType.PERSON_SAID or self.casting is None:
            return
        speaker = e.data.get("speaker")
        line = self.casting.line(e.data["text"], speaker, e.data.get("variables") or {})
        if line is None:
            if speaker == "narrator" and self.settings.get("read_narration"):
                self.voice.say(f"narration#{e.seq}", e.data["text"], self.casting.narrator())
            return
        if line.settings is None:  # the profile is broken or gone: say so once, captions still show
            self.session_view.add_banner(line.problem)
            return
        self.voice.say(e.data["line"] + f"#{e.seq}", line.text, line.settings)

    def _stop_speech(self) -> None:
        if self.speech is not None:
            self.speech.close()
            self.speech.deleteLater()
            self.speech = None
        if self.voice is not None:
            self.voice.close()
            self.voice.deleteLater()
            self.voice = None

    # -- the instructor's class ---------------------------------------------------------
    def _join_class(self, runner: SessionRunner) -> None:
        """Send this session to the hub in Settings (if any), before it starts so the console sees it from its first event."""
        join = self.settings.get("join").strip()
        if self.station is not None and join != self.station_join:
            self._stop_station(wait=False)  # a different class (or none): the old link goes, without holding up the window
        if not join:
            return
        # Imported only for a class: aiohttp's import builds SSL contexts, seconds of the GUI thread on a loaded machine.
        from simulator.instruct.station import Station

        if self.station is None:
            try:
                self.station = Station(join, name=self.settings.get("trainee"), on_hint=self.hint_received.emit)
            except ValueError as exc:  # a settings file edited by hand: train alone, and say why
                self.session_view.add_banner(f"Not joined to the class: {exc}")
                return
            self.station_join = join
            self.station.start()
            self._station_timer.start()
        station = self.station
        # On the session's worker, after the recorder exists and before the session starts: the hub sees every event.
        runner.call(lambda session: station.attach(session, runner.recorder.folder if runner.recorder is not None else None))
        self._show_class_status()

    def poll_station(self) -> None:
        """The 1-s tick: apply the instructor's controls, hold the session while they pause it, show the link's state."""
        station, runner = self.station, self.runner
        if station is None or self._polling:
            return

        def poll(session: object) -> bool:  # on the session's worker: controls change the live session
            try:
                station.poll()
            except Exception:  # a broken control must not stop the polling
                log.exception("applying the instructor's controls failed")
            return station.session is session

        def applied(current: bool) -> None:  # back on the GUI thread
            self._polling = False
            if current and runner is self.runner and runner is not None:
                if station.paused and INSTRUCTOR_HOLD not in runner.holds and not runner.ended:
                    runner.hold(INSTRUCTOR_HOLD)  # the session view's pause state: input refused, clock stopped
                elif not station.paused and INSTRUCTOR_HOLD in runner.holds:
                    runner.release_hold(INSTRUCTOR_HOLD)
            self._show_class_status()

        if runner is not None and runner.call(poll, applied):
            self._polling = True
        else:
            self._show_class_status()

    def _show_hint(self, text: str) -> None:
        """A private hint from the instructor: a banner on this trainee's screen only."""
        if self.session_view is not None:
            self.session_view.add_banner(f"Hint from your instructor (only you see this): {text}")

    def class_status_text(self) -> str:
        """One line: which hub, whether joined, and the hub certificate's fingerprint to compare with the hub's screen."""
        station = self.station
        if station is None:
            return ""
        where = f"{station.host}:{station.port}"
        if station.connected.is_set():
            state = f"joined the class at {where}"
        elif station.refused:
            state = f"not joined ({where} refused: {station.refused})"
        else:
            state = f"connecting to {where}… (training and recording go on meanwhile)"
        if station.paused:
            state += "; the instructor has paused the scene"
        fingerprint = f" — hub fingerprint {station.fingerprint}" if station.fingerprint else ""
        return f"Class: {state}{fingerprint}"

    def _show_class_status(self) -> None:
        text = self.class_status_text()
        if text != self.class_status.text():
            self.class_status.setText(text)
        self.class_status.setVisible(bool(text))

    def _stop_station(self, wait: bool = True) -> None:
        """Leave the class: give the hub up to 2 s for the last events, then close the link.

        ``wait=False`` does it on a thread (switching classes mid-run); quitting waits, bounded, so the log's end reaches the hub.
        """
        from simulator import spare_threads

        station, self.station, self.station_join = self.station, None, ""
        self._station_timer.stop()
        self._show_class_status()
        if station is None:
            return

        def leave() -> None:
            station.flush(2)
            station.stop()

        if wait:
            leave()
        else:
            spare_threads.start(leave, "leave-class")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_leave("close", self.close):
            event.ignore()
            return
        self._stop_speech()
        for runner in [*self._retiring, *([self.runner] if self.runner is not None else [])]:
            if not runner.close(wait=True):  # the session's last events and session.json are on disk before the app goes
                log.error("the session worker did not finish within 30 s; its recording may lack its end")
        self._stop_station()
        super().closeEvent(event)

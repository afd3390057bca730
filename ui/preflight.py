"""Pre-flight check: microphone, speakers and speech model, each with its state and a one-click remedy.

The app works fully by typing and the menu, so every problem here has a
remedy that keeps the trainee going (switch to typing, captions only) as well
as one that fixes it (pick a device, install the model). The model download
runs in the background with its progress shown.
"""

from __future__ import annotations

import html
import importlib.util

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.preflight import Check, check_microphone, check_recognition, check_speakers
from ui.settings import AppSettings, output_devices
from ui.workers import run_in_background

OK, PROBLEM, NOTE = "✔", "✖", "•"


class CheckRow:
    """One line of the check: name, state text, a device list and a remedy button (laid out from a core ``Check``)."""

    def __init__(self, grid: QGridLayout, row: int, name: str) -> None:
        self.check: Check | None = None
        self.name = QLabel(f"<b>{name}</b>")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setMinimumWidth(240)
        self.state.setAccessibleName(f"{name} state")
        self.picker = QComboBox()
        self.picker.setAccessibleName(f"{name} device")
        self.name.setBuddy(self.picker)
        self.remedy = QPushButton()
        self.remedy.setAutoDefault(False)
        grid.addWidget(self.name, row, 0)
        grid.addWidget(self.state, row, 1)
        grid.addWidget(self.picker, row, 2)
        grid.addWidget(self.remedy, row, 3)
        grid.setColumnStretch(1, 1)

    def show(self, check: Check) -> None:
        self.check = check
        mark = OK if check.ok else PROBLEM if check.ok is False else NOTE
        colour = "#2e7d32" if check.ok else "#b71c1c" if check.ok is False else "#5c4400"
        self.state.setText(f"<span style='color:{colour}; font-weight:bold;'>{mark}</span> {html.escape(check.text)}")
        self.state.setAccessibleDescription(check.text)
        self.picker.clear()
        for value, label in check.choices:
            self.picker.addItem(label, value)
        if check.choices:
            self.picker.setCurrentIndex(max(0, self.picker.findData(check.current)))
        self.picker.setVisible(bool(check.choices))
        label = check.remedy.label if check.remedy else ""
        self.remedy.setText(label)
        self.remedy.setAccessibleName(label)
        self.remedy.setVisible(bool(label))


class PreflightDialog(QDialog):
    """Checks and fixes the audio set-up; every remedy writes the setting at once."""

    download_progress = Signal(int, object)  # bytes done, total (or None); emitted from the download thread

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Pre-flight check")
        intro = QLabel("Check your microphone, speakers and speech recognition before a session. "
                       "Everything works by typing and the menu too, so nothing here is required.")
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(14)
        self.mic = CheckRow(grid, 0, "Microphone")
        self.speakers = CheckRow(grid, 1, "Speakers")
        self.model = CheckRow(grid, 2, "Speech recognition")
        self.mic.remedy.clicked.connect(lambda: self._apply(self.mic))
        self.speakers.remedy.clicked.connect(lambda: self._apply(self.speakers))
        self.model.remedy.clicked.connect(lambda: self._apply(self.model))
        self.progress = QLabel("")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)  # paths and error messages, shown as they are
        self.progress.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.recheck = buttons.addButton("&Check again", QDialogButtonBox.ButtonRole.ActionRole)
        self.recheck.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.resize(900, 300)
        self.download_progress.connect(self._show_progress)
        self.refresh()

    def checks(self) -> list[Check]:
        """The three checks from what this machine has now."""
        from simulator.speech.models import list_models
        from ui.microphone import input_devices

        keys = ("speech_engine", "input_device", "output_device", "voice_on")
        values = {k: self.settings.get(k) for k in keys}
        installed = [m for m in list_models() if not m.problem]
        vosk = [(m.name, m.size_mb) for m in installed if m.engine == "vosk"]
        accurate = next((f"Moonshine ({m.name})" for m in installed if m.engine == "moonshine"), "")
        builtin = importlib.util.find_spec("pocketsphinx") is not None
        return [check_microphone(values, input_devices()), check_speakers(values, output_devices()),
                check_recognition(values, vosk, builtin, accurate)]

    def refresh(self) -> None:
        mic, speakers, model = self.checks()
        self.mic.show(mic)
        self.speakers.show(speakers)
        self.model.show(model)

    def _apply(self, row: CheckRow) -> None:
        check = row.check
        if check is None or check.remedy is None:
            return
        if check.remedy.install_model:
            self._model_remedy()
            return
        self.settings.update(check.apply(row.picker.currentData() if check.choices else None))
        self.refresh()

    def _model_remedy(self) -> None:
        from simulator.speech import models

        self.model.remedy.setEnabled(False)
        self.progress.setText("Downloading the accurate speech model (Moonshine base)…")

        def install() -> object:
            return models.install(models.MOONSHINE_MODEL, progress=self.download_progress.emit)

        run_in_background(install, self._installed, self._install_failed)

    def _show_progress(self, done: int, total: object) -> None:
        mb = done / 1e6
        self.progress.setText(f"Downloading the accurate speech model (Moonshine base)… {mb:.1f} of {int(total) / 1e6:.1f} MB"
                              if total else f"Downloading the accurate speech model (Moonshine base)… {mb:.1f} MB")

    def _installed(self, path: object) -> None:
        self.model.remedy.setEnabled(True)
        self.progress.setText(f"Installed the model at {path}.")
        self.refresh()

    def _install_failed(self, message: str) -> None:
        self.model.remedy.setEnabled(True)
        self.progress.setText(f"Could not install the model: {message}\nThe built-in recogniser still works, and so does typing.")

"""Pre-flight check: microphone, speakers and speech model, each with its state and a one-click remedy.

The app works fully by typing and the menu, so every problem here has a
remedy that keeps the trainee going (switch to typing, captions only) as well
as one that fixes it (pick a device, install the model). The model download
runs in the background with its progress shown.
"""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import Signal
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

from ui.settings import AppSettings, output_devices
from ui.workers import run_in_background

OK, PROBLEM, NOTE = "✔", "✖", "•"


class CheckRow:
    """One line of the check: name, state text, and up to two remedy widgets."""

    def __init__(self, grid: QGridLayout, row: int, name: str) -> None:
        self.name = QLabel(f"<b>{name}</b>")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setMinimumWidth(320)
        self.picker = QComboBox()
        self.remedy = QPushButton()
        grid.addWidget(self.name, row, 0)
        grid.addWidget(self.state, row, 1)
        grid.addWidget(self.picker, row, 2)
        grid.addWidget(self.remedy, row, 3)
        grid.setColumnStretch(1, 1)

    def show(self, ok: bool | None, text: str, remedy: str = "", choices: list[tuple[str, str]] | None = None, current: str = "") -> None:
        mark = OK if ok else PROBLEM if ok is False else NOTE
        colour = "#2e7d32" if ok else "#b71c1c" if ok is False else "#5c4400"
        self.state.setText(f"<span style='color:{colour}; font-weight:bold;'>{mark}</span> {text}")
        self.picker.clear()
        for value, label in choices or []:
            self.picker.addItem(label, value)
        if choices:
            self.picker.setCurrentIndex(max(0, self.picker.findData(current)))
        self.picker.setVisible(bool(choices))
        self.remedy.setText(remedy)
        self.remedy.setVisible(bool(remedy))


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
        self.mic.remedy.clicked.connect(self._mic_remedy)
        self.speakers.remedy.clicked.connect(self._speaker_remedy)
        self.model.remedy.clicked.connect(self._model_remedy)
        self.progress = QLabel("")
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
        self.resize(920, 300)
        self.download_progress.connect(self._show_progress)
        self.refresh()

    def refresh(self) -> None:
        from simulator.speech.models import list_models
        from ui.microphone import input_devices

        g = self.settings.get
        inputs = input_devices()
        if g("speech_engine") == "off":
            self.mic.show(None, "Speech input is off: you type and use the menu.", "Use my voice")
        elif not inputs:
            self.mic.show(False, "No microphone found (no input device, or no sound server running). Connect one and check again.", "Type instead")
        else:
            current = g("input_device")
            name = next((d for i, d in inputs if i == current), "system default")
            self.mic.show(True, f"{len(inputs)} input device(s); using {name}.", "Use this microphone", [("", "System default"), *inputs], current)
        outputs = output_devices()
        if not g("voice_on"):
            self.speakers.show(None, "Voice is off: the person's lines are captions only.", "Turn voice on")
        elif not outputs:
            self.speakers.show(False, "No speakers found: the person's lines will be captions only.", "Captions only")
        else:
            current = g("output_device")
            name = next((d for i, d in outputs if i == current), "system default")
            self.speakers.show(True, f"{len(outputs)} output device(s); using {name}.", "Use these speakers", [("", "System default"), *outputs], current)
        models = [m for m in list_models() if not m.problem]
        builtin = importlib.util.find_spec("pocketsphinx") is not None
        if g("speech_engine") == "off":
            self.model.show(None, "Not needed while speech input is off.")
        elif models:
            self.model.show(True, f"Vosk model {models[0].name} ({models[0].size_mb:.0f} MB) installed.")
        elif builtin:
            self.model.show(None, "Built-in recogniser ready (no download, less accurate). "
                                  "The Vosk English model (about 40 MB) recognises more.", "Install the Vosk model")
        else:
            self.model.show(False, "No speech recogniser: install the Vosk model, or type.", "Install the Vosk model")

    def _mic_remedy(self) -> None:
        g = self.settings.get
        if g("speech_engine") == "off":
            self.settings.update({"speech_engine": "auto"})
        elif not self.mic.picker.isVisible():
            self.settings.update({"speech_engine": "off"})
        else:
            self.settings.update({"input_device": self.mic.picker.currentData()})
        self.refresh()

    def _speaker_remedy(self) -> None:
        if not self.settings.get("voice_on"):
            self.settings.update({"voice_on": True})
        elif not self.speakers.picker.isVisible():
            self.settings.update({"voice_on": False})
        else:
            self.settings.update({"output_device": self.speakers.picker.currentData()})
        self.refresh()

    def _model_remedy(self) -> None:
        from simulator.speech.models import install_standard

        self.model.remedy.setEnabled(False)
        self.progress.setText("Downloading the Vosk English model…")

        def install() -> object:
            return install_standard(progress=self.download_progress.emit)

        run_in_background(install, self._installed, self._install_failed)

    def _show_progress(self, done: int, total: object) -> None:
        mb = done / 1e6
        self.progress.setText(f"Downloading the Vosk English model… {mb:.1f} of {int(total) / 1e6:.1f} MB" if total else
                              f"Downloading the Vosk English model… {mb:.1f} MB")

    def _installed(self, path: object) -> None:
        self.model.remedy.setEnabled(True)
        self.progress.setText(f"Installed the model at {path}.")
        self.refresh()

    def _install_failed(self, message: str) -> None:
        self.model.remedy.setEnabled(True)
        self.progress.setText(f"Could not install the model: {message}\nThe built-in recogniser still works, and so does typing.")

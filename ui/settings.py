"""The app's settings (QSettings) and the dialog that edits them.

Settings live in one typed wrapper so views never parse QSettings strings
themselves. ``DEESCALATE_SETTINGS`` points at an INI file instead of the
user's real settings (tests, screenshots, benchmarks).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

ENGINES = (("auto", "Automatic (the most accurate engine installed that is quick enough on this computer)"),
           ("moonshine", "Accurate (Moonshine, needs its model)"), ("builtin", "Built-in (PocketSphinx, no download, less accurate)"),
           ("vosk", "Vosk (needs a model)"), ("off", "Off — type and use the menu"))
REALISM = (("training", "Training — meters and technique chips shown"), ("realistic", "Realistic — no meters, no chips"))
LISTEN_MODES = (("push_to_talk", "Push to talk (hold Space or the button)"), ("hands_free", "Hands-free (speak any time)"))

DEFAULTS: dict[str, Any] = {
    "input_device": "",
    "output_device": "",
    "speech_engine": "auto",
    "vosk_model": "",
    "voice_on": True,
    "volume": 80,
    "font_size": 11,
    "show_meters": True,
    "show_menu": True,
    "realism": "training",
    "listen_mode": "push_to_talk",
    "preflight_seen": False,
    "sessions_dir": "",
    "trainee": "",
    "confirm_speech": "confirm_unsure",
    "read_narration": True,
    "join": "",  # CODE@HOST[:PORT] of the instructor's hub ("" = train on your own)
}


class AppSettings(QObject):
    """Typed access to the stored settings; ``changed`` fires after any edit."""

    changed = Signal()

    def __init__(self, store: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if store is None:
            path = os.environ.get("DEESCALATE_SETTINGS")
            store = QSettings(path, QSettings.Format.IniFormat) if path else QSettings("deescalate", "deescalate")
        self._store = store

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        value = self._store.value(key, default)
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).lower() in ("true", "1", "yes")
        if isinstance(default, int):
            try:
                return int(value)
            except (TypeError, ValueError):
                return default
        return str(value)

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        self._store.setValue(key, value)

    def update(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            self.set(key, value)
        self._store.sync()
        self.changed.emit()

    @property
    def meters_visible(self) -> bool:
        """Realism hides the inner-state meters whatever ``show_meters`` says."""
        return self.get("show_meters") and self.get("realism") != "realistic"

    @property
    def chips_visible(self) -> bool:
        return self.get("realism") != "realistic"


def output_devices() -> list[tuple[str, str]]:
    return [(bytes(d.id()).decode(errors="replace"), d.description()) for d in QMediaDevices.audioOutputs()]


def _combo(items: list[tuple[str, str]], current: str) -> QComboBox:
    box = QComboBox()
    for value, label in items:
        box.addItem(label, value)
    index = box.findData(current)
    box.setCurrentIndex(max(0, index))
    return box


class SettingsDialog(QDialog):
    """Edits every setting; OK stores them and the app applies them at once."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None, join_status: str = "") -> None:
        """``join_status``: the class link's state and the hub's certificate fingerprint, when the app has one."""
        super().__init__(parent)
        from simulator.speech.models import list_models
        from ui.microphone import input_devices

        self.setWindowTitle("Settings")
        self.settings = settings
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        g = settings.get
        self.input_device = _combo([("", "System default"), *input_devices()], g("input_device"))
        self.output_device = _combo([("", "System default"), *output_devices()], g("output_device"))
        self.engine = _combo(list(ENGINES), g("speech_engine"))
        models = [(m.name, f"{m.name} ({m.size_mb:.0f} MB)") for m in list_models() if not m.problem and m.engine == "vosk"]
        self.model = _combo([("", "First installed model"), *models], g("vosk_model"))
        self.listen_mode = _combo(list(LISTEN_MODES), g("listen_mode"))
        self.voice_on = QCheckBox("The person speaks their lines aloud")
        self.voice_on.setChecked(g("voice_on"))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(g("volume"))
        self.volume.setAccessibleName("Volume")
        self.font_size = QSpinBox()
        self.font_size.setRange(8, 28)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(g("font_size"))
        self.show_meters = QCheckBox("Show the person's agitation and trust")
        self.show_meters.setChecked(g("show_meters"))
        self.show_menu = QCheckBox("Show the menu of choices")
        self.show_menu.setChecked(g("show_menu"))
        self.realism = _combo(list(REALISM), g("realism"))
        self.trainee = QLineEdit(g("trainee"))
        self.trainee.setPlaceholderText("Your name, kept with every session you record")
        self.sessions_dir = QLineEdit(g("sessions_dir"))
        self.sessions_dir.setPlaceholderText("Default: the trainer's data folder (e.g. a shared lab folder here)")
        form.addRow("&Trainee:", self.trainee)
        form.addRow("Sessions &folder:", self.sessions_dir)
        self.join = QLineEdit(g("join"))
        self.join.setPlaceholderText("Join a class: the code and address the instructor's hub shows, e.g. ABCD-EFGH-JKLM@10.0.0.5")
        self.join.setAccessibleName("Join a class")
        self.join.textChanged.connect(lambda _t: self.join_problem.setVisible(False))
        # Shown only when the join string is wrong, with protocol.parse_join's own words (what to type instead).
        self.join_problem = QLabel()
        self.join_problem.setWordWrap(True)
        self.join_problem.setStyleSheet("color: #b71c1c;")
        self.join_problem.setVisible(False)
        # What the station knows of the hub: the certificate fingerprint to read out against the hub's screen.
        self.join_status = QLabel(join_status)
        self.join_status.setWordWrap(True)
        self.join_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.join_status.setVisible(bool(join_status))
        form.addRow("&Join a class:", self.join)
        form.addRow("", self.join_problem)
        form.addRow("", self.join_status)
        form.addRow("&Microphone:", self.input_device)
        form.addRow("&Speakers:", self.output_device)
        form.addRow("Speech &recognition:", self.engine)
        form.addRow("Vosk &model:", self.model)
        form.addRow("&Listening:", self.listen_mode)
        form.addRow("&Voice:", self.voice_on)
        form.addRow("V&olume:", self.volume)
        form.addRow("&Font size:", self.font_size)
        form.addRow("&Realism:", self.realism)
        form.addRow("", self.show_meters)
        form.addRow("", self.show_menu)
        note = QLabel("Changes to speech and to the class you join take effect at the next session.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "input_device": self.input_device.currentData(),
            "output_device": self.output_device.currentData(),
            "speech_engine": self.engine.currentData(),
            "vosk_model": self.model.currentData(),
            "listen_mode": self.listen_mode.currentData(),
            "voice_on": self.voice_on.isChecked(),
            "volume": self.volume.value(),
            "font_size": self.font_size.value(),
            "show_meters": self.show_meters.isChecked(),
            "show_menu": self.show_menu.isChecked(),
            "realism": self.realism.currentData(),
            "trainee": self.trainee.text().strip(),
            "sessions_dir": self.sessions_dir.text().strip(),
            "join": self.join.text().strip(),
        }

    def join_error(self) -> str:
        """Why the "Join a class" text is not a join string ("" when it is, or is empty: training alone)."""
        from simulator.instruct.protocol import parse_join

        text = self.join.text().strip()
        if not text:
            return ""
        try:
            parse_join(text)
        except ValueError as exc:
            return f"Cannot join that class: {exc}"
        return ""

    def accept(self) -> None:
        problem = self.join_error()
        if problem:  # kept open with the reason: a mistyped code must not silently mean "train alone"
            self.join_problem.setText(problem)
            self.join_problem.setVisible(True)
            self.join.setFocus()
            self.join.selectAll()
            return
        self.settings.update(self.values())
        super().accept()

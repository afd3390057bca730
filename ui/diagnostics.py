"""Help → Copy diagnostics: what a lab needs in a bug report, as plain text.

Versions (the app, Python, Qt), the speech engines in use and why (fallbacks),
the audio devices Qt sees, the data and log folders. Everything is read, never
changed, and a part that cannot be read says so instead of failing: this runs
exactly when something is already wrong.
"""

from __future__ import annotations

import logging
import platform
import sys
from typing import Any


def _safe(fn: Any, default: str = "unknown") -> str:
    try:
        return str(fn())
    except Exception as exc:  # diagnostics must never fail on the thing they describe
        return f"{default} ({type(exc).__name__}: {exc})"


def log_files() -> list[str]:
    """The files the logging system writes to (the app's rotating log, when it is configured)."""
    found = []
    for logger in (logging.getLogger(), logging.getLogger("deescalate"), logging.getLogger("simulator")):
        for handler in logger.handlers:
            name = getattr(handler, "baseFilename", None)
            if name and name not in found:
                found.append(str(name))
    return found


def diagnostics_text(speech: Any = None, voice: Any = None, settings: Any = None) -> str:
    import PySide6
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtMultimedia import QMediaDevices

    from simulator.paths import user_data_dir
    from simulator.records.recorder import app_version

    lines = [
        f"De-escalate {_safe(app_version)}",
        f"Python {sys.version.split()[0]} on {platform.platform()}",
        f"PySide6 {PySide6.__version__}, Qt {qVersion()}, platform {_safe(lambda: QGuiApplication.platformName())}",
    ]
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        g = screen.availableGeometry()
        lines.append(f"Screen: {g.width()}×{g.height()} available, scale {screen.devicePixelRatio():g}, {screen.logicalDotsPerInch():.0f} dpi")
    if speech is not None:
        notes = "; ".join(getattr(speech, "fallback_notes", []) or [])
        lines.append(f"Speech in: {getattr(speech, 'engine_name', '') or getattr(speech, 'engine', '?')} — {speech.state}: {speech.message}"
                     + (f" (fell back: {notes})" if notes else "") + f"; restarts {getattr(speech, 'restarts', 0)}")
    else:
        lines.append("Speech in: not started (no live session)")
    if voice is not None:
        lines.append(f"Speech out: {getattr(voice, 'engine', '') or 'none'}" + (f" — {voice.problem}" if getattr(voice, "problem", "") else ""))
    else:
        lines.append("Speech out: not started (no live session)")
    lines.append("Microphones: " + (", ".join(d.description() for d in QMediaDevices.audioInputs()) or "none")
                 + f" (default: {QMediaDevices.defaultAudioInput().description() or 'none'})")
    lines.append("Speakers: " + (", ".join(d.description() for d in QMediaDevices.audioOutputs()) or "none")
                 + f" (default: {QMediaDevices.defaultAudioOutput().description() or 'none'})")
    if settings is not None:
        keys = ("speech_engine", "vosk_model", "listen_mode", "confirm_speech", "voice_on", "font_size", "realism", "sessions_dir")
        lines.append("Settings: " + ", ".join(f"{k}={settings.get(k)!r}" for k in keys))
    lines.append(f"Data folder: {_safe(user_data_dir)}")
    logs = log_files()
    lines.append("Log file: " + (", ".join(logs) if logs else "none configured"))
    return "\n".join(lines)

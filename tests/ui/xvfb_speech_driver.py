"""Run by test_app_speech.py under Xvfb with a PulseAudio virtual microphone: the real app, spoken to.

Starts the app's main window on a real X display (xcb), opens a session in
hands-free mode with the built-in recogniser, plays a synthesised utterance
into the virtual microphone and reports, as one JSON line, what the screen
then shows: the recognised turn, its technique chips and the person's answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication


def wait(app: QApplication, until, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until():
            return True
        time.sleep(0.02)
    return False


def main(wav: str, settings_path: str, shot: str) -> int:
    app = QApplication(sys.argv[:1])
    from simulator.catalog import catalog, find
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    settings = AppSettings(QSettings(settings_path, QSettings.Format.IniFormat))
    settings.update({"speech_engine": "builtin", "listen_mode": "hands_free", "voice_on": False})
    window = MainWindow(catalog(), settings)
    window.show()
    window.start_session(find("bridge_suicidal"), 7)
    view = window.session_view
    report: dict = {"platform": app.platformName()}
    if not wait(app, lambda: window.speech.state in ("ready", "unavailable"), 30):
        report["error"] = "speech input never became ready"
    report["speech_state"], report["speech_message"] = window.speech.state, window.speech.message
    if window.speech.state == "ready":
        caption_before = view.caption.text()
        wait(app, lambda: False, 0.5)
        player = subprocess.Popen(["paplay", "-d", "vmic_in", wav])
        transcript = view.transcript.transcript

        def answered() -> bool:
            said = [e for e in transcript.entries if e.kind == "trainee" and e.source.startswith("speech")]
            return bool(said) and transcript.entries[-1].kind == "person"

        report["answered"] = wait(app, answered, 25)
        player.wait(timeout=10)
        said = [e for e in transcript.entries if e.kind == "trainee"]
        report["heard"] = said[0].text if said else ""
        report["chips"] = transcript.chips_of(said[0].turn) if said else []
        report["caption_before"], report["caption_after"] = caption_before, view.caption.text()
        report["html_has_chip"] = bool(said) and any(c.replace("_", " ") in view.transcript.toHtml() for c in report["chips"])
        report["heard_label"] = view.heard.text()
    window.grab().save(shot)
    window.close()
    print("REPORT " + json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.exit(main(*sys.argv[1:4]))

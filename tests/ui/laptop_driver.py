"""Run by test_fits_a_laptop.py under Xvfb at a laptop's screen size: does every screen fit, at this font size?

Opens the real main window on a real X display (xcb) the size of the screen it is
given, with the font size set, and visits the scenario browser, a live session (after a
long typed turn, which once widened the window past the screen), the debrief and the
settings dialog. For each it lists the visible widgets that reach outside the window or
the screen (a control nobody can click), saves a screenshot, and prints one JSON line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QWidget

LONG = ("I hear that you have been carrying all of this on your own for a very long time, the house and your son and the "
        "job, and I want you to know that I am not going anywhere, we can take all the time you need tonight")


def outside(window: QWidget) -> list[str]:
    """Visible controls whose rectangle is not inside the window and the screen (a scroll area's hidden part is fine)."""
    screen = window.screen().availableGeometry()
    frame = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
    bad = []
    for w in window.findChildren(QWidget):
        if not w.isVisible() or not isinstance(w, QAbstractButton | QComboBox | QLineEdit) or w.window() is not window:
            continue
        if _clipped_by_scroll_area(w):
            continue
        rect = QRect(w.mapToGlobal(QPoint(0, 0)), w.size())
        if not frame.contains(rect) or not screen.contains(rect):
            bad.append(f"{type(w).__name__} '{w.accessibleName() or getattr(w, 'text', lambda: '')()}' at {rect.getRect()}")
    from PySide6.QtWidgets import QAbstractScrollArea

    for area in window.findChildren(QAbstractScrollArea):  # text that does not wrap: read by scrolling sideways
        if area.isVisible() and area.horizontalScrollBar().isVisible():
            bad.append(f"{type(area).__name__} '{area.accessibleName()}' scrolls sideways")
    if not screen.contains(frame):
        bad.append(f"the window {frame.getRect()} is larger than the screen {screen.getRect()}")
    return bad


def _clipped_by_scroll_area(w: QWidget) -> bool:
    from PySide6.QtWidgets import QScrollArea

    p = w.parentWidget()
    while p is not None:
        if isinstance(p, QScrollArea):
            return True
        p = p.parentWidget()
    return False


def main(font: int, settings_path: str, shots: str) -> int:
    app = QApplication(sys.argv[:1])
    from simulator.catalog import catalog, find
    from ui.main_window import MainWindow
    from ui.settings import AppSettings, SettingsDialog

    settings = AppSettings(QSettings(settings_path, QSettings.Format.IniFormat))
    settings.update({"font_size": font, "voice_on": False, "preflight_seen": True, "speech_engine": "off"})
    window = MainWindow(catalog(), settings, speech=False)
    window.ask_before_leaving = False
    window.show()
    app.processEvents()
    report: dict[str, list[str]] = {}

    def visit(name: str) -> None:
        for _ in range(5):
            app.processEvents()
        report[name] = outside(window)
        window.grab().save(str(Path(shots) / f"laptop_{name}_{font}pt.png"))

    visit("browser")
    window.start_session(find("bridge_suicidal"), 3)
    view = window.session_view
    for line in ("Hi, I'm Officer Lee. I'm here to help.", LONG):
        view.text.setText(line)
        view.text.returnPressed.emit()
    window.runner.wait_idle()  # the turns run on the runner's worker
    visit("session")
    window.runner.end()
    window.runner.wait_idle()
    window.show_debrief()
    visit("debrief")
    dialog = SettingsDialog(settings, window)
    dialog.show()
    for _ in range(5):
        app.processEvents()
    report["settings"] = outside(dialog)
    dialog.grab().save(str(Path(shots) / f"laptop_settings_{font}pt.png"))
    print(json.dumps({"font": font, "window": window.geometry().getRect(), "outside": report}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2], sys.argv[3]))

"""Regenerate docs/screenshots/*.png: every screen of the app, drawn by the real widgets.

Run under a virtual screen so fonts and styles are the real X11 ones:

    xvfb-run -a -s "-screen 0 1400x950x24" .venv/bin/python tools/screenshots.py

It plays the bridge scenario's "listens first" playthrough through the widgets
(on a manual clock that moves 9 s a turn, so the chart has a real time axis).
When PulseAudio is installed the script starts a private virtual microphone
(tests/audio_env.py) so the session shows speech input ready, as on a laptop;
otherwise it shows the "no microphone" banner, as on a machine without sound.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from audio_env import PulseUnavailable, start_virtual_microphone, stop

    try:
        runtime = start_virtual_microphone()[0]
        import subprocess

        # The person's voice goes to separate "speakers", as on a laptop, not into the virtual microphone.
        for args in (["load-module", "module-null-sink", "sink_name=speakers"], ["set-default-sink", "speakers"]):
            subprocess.run(["pactl", *args], check=True, capture_output=True)
    except PulseUnavailable as exc:
        print(f"no virtual microphone ({exc}); the session will show the no-microphone banner")
        runtime = None
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        return shoot(app)
    finally:
        if runtime is not None:
            stop(runtime)


def shoot(app) -> int:
    import time

    from PySide6.QtCore import QSettings

    from simulator.catalog import catalog
    from simulator.clock import ManualClock
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    OUT.mkdir(parents=True, exist_ok=True)
    settings = AppSettings(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat))
    # Sessions made for the pictures are recorded in a throwaway folder, never the user's history.
    settings.update({"sessions_dir": tempfile.mkdtemp(prefix="screenshot-sessions-"), "trainee": "Ana Ruiz"})
    clock = ManualClock()
    window = MainWindow(catalog(), settings, speech=True, clock_factory=lambda: clock, rng=random.Random(4))
    window.resize(1360, 900)
    window.show()

    def settle() -> None:
        for _ in range(30):
            app.processEvents()

    def save(widget, name: str) -> None:
        settle()
        widget.grab().save(str(OUT / f"{name}.png"))
        print(OUT / f"{name}.png")

    save(window, "browser")
    scenario = next(c.entry.scenario for c in window.browser.cards if c.entry.scenario and c.entry.scenario.id == "bridge_suicidal")
    warning = window.open_scenario(scenario, 7)
    warning.resize(720, 640)
    save(warning, "content_warning")
    warning.accept()
    view = window.session_view
    deadline = time.monotonic() + 20
    while window.speech.state == "loading" and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    script = scenario.playthroughs[0].script

    def play(lines) -> None:
        for line in lines:
            if line.startswith("/refer "):
                view.referral.setCurrentIndex(view.referral.findData(line.split()[1]))
                view.offer.click()
            elif line.startswith("/wait "):  # the trainee lets time pass: the clock, not a click
                clock.advance(float(line.split()[1]))
            elif line.startswith("/choose "):
                window.runner.choose(line.split()[1])
            elif line.startswith("/"):
                view.action_buttons[line[1:]].click()
            else:
                view.text.setText(line)
                view.send.click()
            window.runner.wait_idle()  # the turn runs on the runner's worker: the picture shows it answered
            clock.advance(9)
            window.runner.tick()
        window.runner.wait_idle()

    play(script[:6])
    view.portrait._anim.stop()
    view.portrait._shown = (view.portrait.agitation, view.portrait.trust)
    view.text.setText("take your time")
    save(window, "session")
    view.text.clear()
    play(script[6:])
    view.debrief_button.click()
    debrief = window.debrief
    debrief.points.setCurrentRow(min(2, debrief.points.count() - 1))  # its turn is highlighted in the transcript
    save(window, "debrief")
    earlier = next(c.entry.scenario for c in window.browser.cards if c.entry.scenario and c.entry.scenario.id == "dementia_lost")
    window.start_session(earlier, 3)  # a second, rougher session of the same trainee, for the progress chart
    for line in ("sir what are you doing", "calm down", "it's not nineteen seventy five"):
        clock.advance(8)
        window.runner.say(line)
    window.runner.end()
    window.runner.wait_idle()
    sessions = window.show_sessions()
    sessions.table.selectRow(0)
    save(window, "sessions")
    sessions.table.selectRow(1)
    sessions.open_selected()
    replay = window.replay_view
    replay.turn_list.setCurrentRow(min(3, replay.turn_list.count() - 1))
    replay.note_edit.setText("Good: asked plainly, then waited.")
    replay.pin_note()
    save(window, "replay")
    window.show_browser()
    preflight = window.open_preflight()
    save(preflight, "preflight")
    preflight.close()
    dialog = window.open_settings()
    save(dialog, "settings")
    dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure the app: process start to a shown, usable window, and memory after a scripted full session.

    .venv/bin/python tools/bench_app.py            # offscreen unless a display is set
    xvfb-run -a .venv/bin/python tools/bench_app.py

Startup is timed from just before the child process is spawned (so the Python
interpreter and every import count) to the window being shown with its
scenario cards. Then the child plays the bridge scenario's "listens first"
playthrough through the widgets, opens the debrief, and reports its resident
memory (VmRSS now, and the peak).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, sys, time, tempfile
t_imports = time.perf_counter()
os.environ.setdefault("DEESCALATE_SETTINGS", os.path.join(tempfile.mkdtemp(), "s.ini"))
from ui.app import build_window
app, window = build_window()
app.processEvents()
print("SHOWN", flush=True)
shown = time.perf_counter() - t_imports
from simulator.catalog import find
from simulator.clock import ManualClock
from ui.workers import wait_for_background
wait_for_background()
clock = ManualClock()
window.clock_factory = lambda: clock
window.speech_enabled = False
scenario = find("bridge_suicidal")
t0 = time.perf_counter()
window.start_session(scenario, 7)
view = window.session_view
for line in scenario.playthroughs[0].script:
    if line.startswith("/refer "):
        view.referral.setCurrentIndex(view.referral.findData(line.split()[1])); view.offer.click()
    elif line.startswith("/"):
        view.action_buttons[line[1:]].click()
    else:
        view.text.setText(line); view.send.click()
    window.runner.wait_idle()  # the turn runs on the runner's worker
    clock.advance(9)
    app.processEvents()
view.debrief_button.click()
app.processEvents()
session_s = time.perf_counter() - t0
status = open("/proc/self/status").read()
rss = {k: int(line.split()[1]) // 1024 for line in status.splitlines() for k in ("VmRSS", "VmHWM") if line.startswith(k + ":")}
print("RESULT " + json.dumps({"in_process_startup_s": round(shown, 3), "session_and_debrief_s": round(session_s, 3),
      "ending": window.runner.session.ending, "rss_mb": rss.get("VmRSS"), "peak_rss_mb": rss.get("VmHWM"), "platform": app.platformName()}), flush=True)
window.close()
"""


def run_once() -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    startup = None
    result: dict = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("SHOWN") and startup is None:
            startup = time.perf_counter() - t0
        elif line.startswith("RESULT "):
            result = json.loads(line[len("RESULT "):])
    proc.wait()
    return {"startup_to_window_s": round(startup or -1, 3), **result}


def main() -> int:
    runs = [run_once() for _ in range(3)]
    for r in runs:
        print(json.dumps(r))
    best = min(r["startup_to_window_s"] for r in runs)
    print(f"startup to window: best {best:.2f} s, worst {max(r['startup_to_window_s'] for r in runs):.2f} s (budget 1.5 s); "
          f"RSS after a full session and debrief: {runs[-1].get('rss_mb')} MB (peak {runs[-1].get('peak_rss_mb')} MB)")
    return 0 if best <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())

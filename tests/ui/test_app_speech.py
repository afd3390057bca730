"""The whole voice path on a real X server: Xvfb + PulseAudio virtual microphone → the app → recognised,
classified (technique chips) and answered (a new caption), as a trainee would see it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PHRASE = "you sound exhausted can you tell me what happened"
ROOT = Path(__file__).resolve().parents[2]


def test_spoken_turn_is_recognised_classified_and_answered_on_screen(virtual_microphone, tmp_path):
    assert shutil.which("xvfb-run"), "xvfb-run is needed: sudo apt-get install xvfb xauth"
    wav = tmp_path / "say.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), PHRASE], check=True)
    # A second of silence first, as a live microphone has (see tests/ui/test_microphone.py).
    subprocess.run(["sox", str(wav), "-r", "16000", "-c", "1", str(tmp_path / "say16.wav"), "pad", "1.0", "0.5"], check=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    env.pop("DISPLAY", None)
    shot = tmp_path / "speech.png"
    proc = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x900x24", sys.executable, str(Path(__file__).with_name("xvfb_speech_driver.py")),
                           str(tmp_path / "say16.wav"), str(tmp_path / "settings.ini"), str(shot)],
                          env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("REPORT ")]
    assert proc.returncode == 0 and lines, proc.stdout[-2000:] + proc.stderr[-3000:]
    report = json.loads(lines[-1][len("REPORT "):])
    assert report["platform"] == "xcb"
    assert report["speech_state"] == "ready", report
    assert report["answered"], report
    print(report)
    assert report["heard"] and ("exhausted" in report["heard"] or "what happened" in report["heard"]), report
    assert report["chips"] and report["html_has_chip"], report
    assert report["caption_after"] != report["caption_before"], report
    assert shot.exists() and shot.stat().st_size > 10_000

"""The app fits a 1366×768 laptop at 9 pt and at 18 pt (issue 14): no control outside the window or the screen.

A real X server (Xvfb) the size of the laptop's screen, the real window; the driver
(laptop_driver.py) visits the browser, a session after a long turn, the debrief and
Settings. The screenshots go to a temporary folder, or to docs/screenshots/ with
DEESCALATE_SCREENSHOTS=1 (to refresh the committed ones).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is needed: sudo apt-get install xvfb xauth")
@pytest.mark.parametrize(("screen", "font"), [("1366x768", 9), ("1366x768", 18), ("1920x1080", 11)])
def test_every_screen_fits(screen: str, font: int, tmp_path: Path):
    shots = ROOT / "docs" / "screenshots" if os.environ.get("DEESCALATE_SCREENSHOTS") == "1" else tmp_path
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT), "DEESCALATE_DATA_DIR": str(tmp_path / "data")}
    env.pop("DISPLAY", None)
    proc = subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", sys.executable, str(Path(__file__).with_name("laptop_driver.py")),
                           str(font), str(tmp_path / "s.ini"), str(shots)], capture_output=True, text=True, env=env, timeout=240, cwd=ROOT)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert proc.returncode == 0 and lines, proc.stderr[-3000:]
    report = json.loads(lines[-1])
    assert report["outside"] == {"browser": [], "session": [], "debrief": [], "settings": []}, report
    for name in ("browser", "session", "debrief", "settings"):
        assert (shots / f"laptop_{name}_{font}pt.png").stat().st_size > 10_000

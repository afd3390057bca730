"""The listener transitions (test_speech_states.py), and the class-period memory test, in a process of their own.

Run inside the whole suite, after the other window and audio tests, QtMultimedia has died with SIGBUS in that module
(cause not found; it never happened with the module alone), taking the whole run down. A fresh interpreter keeps
every transition tested with the real recogniser and the real virtual microphone, and keeps a crash there a failure
of this one test instead of the end of the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.ui.test_speech_states import MODEL, OWN_PROCESS

ROOT = Path(__file__).resolve().parents[2]


def test_every_listener_transition_passes_in_a_process_of_its_own():
    if MODEL is None:
        import pytest

        pytest.skip("the test model comes with the dev dependency moonshine-cpp==0.1.4 (pip install -e .[dev])")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/ui/test_speech_memory.py::test_sessions_of_a_class_period_keep_at_most_the_cached_recognisers",
                           "tests/ui/test_speech_states.py"],
                          cwd=ROOT, env={**os.environ, OWN_PROCESS: "1"}, capture_output=True, text=True, timeout=1500)
    tail = (proc.stdout[-3000:] + proc.stderr[-2000:]).strip()
    assert proc.returncode == 0, f"the listener transitions failed (exit {proc.returncode}):\n{tail}"
    assert "FAILED" not in proc.stdout and "ERROR" not in proc.stdout and "." in proc.stdout, tail  # ran, and nothing failed

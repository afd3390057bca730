"""A class period of sessions does not pile up recognisers (issue 14's soak: 734 → 2,287 MB in 45 minutes).

The cause was in ui/workers.py: a background task's signals held its callbacks in C++ connections, the
callbacks held the task, and Python's collector cannot see a cycle through C++ — so every callback and what it
referenced lived for good. SpeechInput.load's callback references the SpeechInput, which held its recogniser:
about 45 MB (built-in engine) to 50 MB (Moonshine's language model and decoders' state) each session.
tools/speech_memory.py measures it (``sessions`` mode); these tests hold the line with object counts, which do
not depend on the machine's load, plus one RSS bound generous enough for a shared machine.
"""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject

SCENARIOS = ("bridge_suicidal", "autistic_overload", "veteran_ptsd", "psychosis_paranoia", "intoxication_meth")


def _settle(qtbot) -> None:
    """Let queued signals and deleteLater run, as the app's event loop does between sessions."""
    qtbot.wait(50)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _alive(kind: type) -> int:
    return sum(1 for o in gc.get_objects() if type(o) is kind)


def test_a_background_task_lets_its_callbacks_go_once_it_has_reported(qtbot):
    """What the callbacks reference is freed after they ran: nothing is kept alive by a finished task."""
    from ui.workers import run_in_background

    class Owner:
        def __init__(self) -> None:
            self.results: list[object] = []
            self.payload = bytearray(1 << 20)

        def done(self, result: object) -> None:
            self.results.append(result)

    def start_five() -> list[weakref.ref[Owner]]:
        owners = [Owner() for _ in range(5)]
        for owner in owners:
            run_in_background(lambda: 42, owner.done)
        qtbot.waitUntil(lambda: all(o.results == [42] for o in owners), timeout=10000)
        return [weakref.ref(o) for o in owners]

    def start_failing() -> weakref.ref[Owner]:
        owner = Owner()
        run_in_background(lambda: 1 / 0, owner.done, owner.results.append)
        qtbot.waitUntil(lambda: bool(owner.results), timeout=10000)
        assert "division by zero" in str(owner.results[0])
        return weakref.ref(owner)

    refs = [*start_five(), start_failing()]
    _settle(qtbot)
    assert [r() for r in refs] == [None] * 6, "a finished task still holds its callbacks (and what they reference)"


@pytest.mark.skipif(os.environ.get("DEESCALATE_SPEECH_STATES_OWN_PROCESS") != "1",
                    reason="its RSS is measured in a process of its own (test_speech_states_own_process.py): after the rest of "
                           "the suite the process's memory is not this test's to judge")
def test_sessions_of_a_class_period_keep_at_most_the_cached_recognisers(virtual_microphone, qtbot):
    """Eight sessions over five scenarios, each a real SpeechInput (built-in engine, virtual microphone) made,
    loaded, listening, then closed as the window closes it: closed inputs and their recognisers are freed, only
    the cache's few stay, and RSS stops growing once the cache is full."""
    from simulator.catalog import find
    from simulator.speech.sphinx_engine import SphinxRecognizer
    from ui import speech_input
    from ui.speech_input import SpeechInput

    speech_input._CACHE.clear()
    owner = QObject()  # the main window's place: each SpeechInput is its child
    closed: list[weakref.ref[SpeechInput]] = []
    rss: list[float] = []
    for i in range(8):
        scenario = find(SCENARIOS[i % len(SCENARIOS)])
        speech = SpeechInput("builtin", mode="push_to_talk", parent=owner)
        speech.load([c.text for ph in scenario.phases.values() for c in ph.choices])
        qtbot.waitUntil(lambda s=speech: s.state in ("ready", "unavailable"), timeout=60000)
        assert speech.state == "ready", speech.message
        speech.press()
        qtbot.wait(200)
        speech.release()
        speech.close()
        speech.deleteLater()
        closed.append(weakref.ref(speech))
        del speech
        _settle(qtbot)
        rss.append(_rss_mb())
    # A closed input's listener is not waited for (joining it stalled the window); it lets go when its thread ends.
    def all_gone() -> bool:
        _settle(qtbot)
        return all(r() is None for r in closed)

    qtbot.waitUntil(all_gone, timeout=30000)
    assert _alive(SphinxRecognizer) <= speech_input.CACHE_SIZE, f"{_alive(SphinxRecognizer)} recognisers alive"
    # One leaked session is ~45 MB with this engine; five would be ~225 MB. Measured after the fix: < 5 MB.
    assert rss[-1] - rss[2] < 60, f"RSS grew {rss[-1] - rss[2]:.0f} MB over five sessions after the cache filled: {rss}"
    speech_input._CACHE.clear()

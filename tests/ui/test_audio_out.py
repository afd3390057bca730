"""The person's voice through QtMultimedia on a real (PulseAudio) sound server, and the microphone muted meanwhile."""

from __future__ import annotations

import time


def test_a_line_is_played_and_brackets_the_microphone(virtual_microphone, qtbot):
    """started → (audio plays for its length) → done; the speech input is muted in between."""
    from simulator.speech.listener import Listener
    from simulator.speech.scripted_engine import ScriptedRecognizer
    from simulator.voices import find_voice
    from ui.audio_out import Voice
    from ui.speech_input import SpeechInput

    voice = Voice(volume=50)
    assert voice.prepare(), voice.problem
    speech = SpeechInput(mode="hands_free")
    speech._listener = listener = Listener(ScriptedRecognizer(["unused"]), lambda u: None, mode="hands_free")
    voice.started.connect(speech.mute)  # as the main window wires them
    voice.done.connect(speech.unmute)
    events: list[tuple[str, str, float, bool]] = []
    voice.started.connect(lambda line: events.append(("started", line, time.monotonic(), listener.muted)))
    voice.done.connect(lambda line: events.append(("done", line, time.monotonic(), listener.muted)))
    settings = find_voice("denise_harmon").settings({"agitation": 60}, {"agitation": (0, 100)})
    voice.say("l1", "Somebody called you, didn't they. Just go.", settings)
    qtbot.waitUntil(lambda: any(e[0] == "done" for e in events), timeout=15000)
    voice.close()
    speech.close()
    assert [e[:2] for e in events] == [("started", "l1"), ("done", "l1")]
    assert events[0][3] is True and events[1][3] is False, "muted while the person speaks, listening again after"
    assert events[1][2] - events[0][2] >= 1.0, "done comes after the audio has played, not when it was queued"


def test_no_speakers_means_captions_only(qtbot, monkeypatch):
    from PySide6.QtMultimedia import QMediaDevices

    from ui.audio_out import Voice

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    voice = Voice()
    assert not voice.prepare() and "captions only" in voice.problem and not voice.active
    voice.say("l1", "nothing happens", None)  # a no-op, not an error

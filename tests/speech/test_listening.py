"""Endpointing and the Listener: utterances from a microphone stream, hands-free and push-to-talk."""

from __future__ import annotations

import time

import pytest

from devtools.testaudio import synthesize
from simulator.speech.endpoint import EndpointConfig, Endpointer, level_db
from simulator.speech.listener import Listener
from simulator.speech.scripted_engine import ScriptedRecognizer
from simulator.speech.wer import edits

SILENCE = bytes(2 * 16000)  # one second


@pytest.fixture(scope="module")
def speech():
    return synthesize("hi my name is officer ruiz i'm here to help", "en-us").samples


def _feed(listener: Listener, pcm: bytes, chunk: int = 3200) -> None:
    for i in range(0, len(pcm), chunk):
        listener.feed(pcm[i : i + chunk])


def test_level_of_silence_and_speech(speech):
    """Silence is -120 dB; speech is tens of dB above it."""
    assert level_db(SILENCE) == -120.0
    assert level_db(speech) > -40


def test_endpointer_finds_start_and_end_with_the_silence_waited(speech):
    """Speech between silences gives one start near its beginning and one end after the configured silence."""
    ep = Endpointer(EndpointConfig(end_silence_ms=600))
    events = ep.feed(SILENCE + speech + SILENCE * 2)
    kinds = [e.kind for e in events]
    assert kinds == ["start", "end"]
    start, end = events
    assert 0.9 <= start.t <= 1.3
    assert end.waited_ms == 600
    assert end.t >= 1 + len(speech) / 32000


def test_endpointer_ignores_a_click(speech):
    """A burst shorter than the start time is not an utterance."""
    ep = Endpointer()
    click = speech[: 2 * 16000 * 60 // 1000]  # 60 ms of speech
    assert ep.feed(SILENCE + click + SILENCE) == []


def test_hands_free_listener_reports_partials_and_one_final(speech):
    """Hands-free: partial text while speaking, one final after the silence, with its timings."""
    finals, partials = [], []
    listener = Listener(ScriptedRecognizer(["hi my name is officer ruiz"]), finals.append, partials.append, mode="hands_free")
    _feed(listener, SILENCE + speech + SILENCE * 2)
    listener.drain()
    listener.close()
    assert [u.transcript.text for u in finals] == ["hi my name is officer ruiz"]
    assert partials
    assert finals[0].ended_by == "endpoint" and finals[0].waited_silence_ms >= 600
    assert len(finals[0].audio) >= len(speech)


def test_push_to_talk_uses_the_button_not_the_level(speech):
    """Push-to-talk: only audio between press and release is recognised, ending on release."""
    finals = []
    listener = Listener(ScriptedRecognizer(["take your time"]), finals.append, mode="push_to_talk")
    _feed(listener, speech)  # not pressed: ignored
    listener.press()
    _feed(listener, speech)
    listener.release()
    listener.drain()
    listener.close()
    assert [u.ended_by for u in finals] == ["release"]
    assert len(finals[0].audio) == len(speech)


def test_muted_while_the_person_speaks(speech):
    """The microphone is never fed to the recogniser while the person is speaking."""
    finals = []
    listener = Listener(ScriptedRecognizer(["should not be heard", "heard"]), finals.append, mode="hands_free")
    listener.mute()
    _feed(listener, SILENCE + speech + SILENCE * 2)
    listener.drain()
    assert finals == []
    listener.unmute()
    _feed(listener, SILENCE + speech + SILENCE * 2)
    listener.drain()
    listener.close()
    assert [u.transcript.text for u in finals] == ["should not be heard"]  # the first stream opened after unmuting


def test_real_engine_through_the_listener_is_fast_after_release(speech):
    """With the real built-in engine fed in real time, the final text is ready soon after release."""
    from simulator.speech.sphinx_engine import SphinxRecognizer

    phrase = "you sound exhausted can you tell me what happened"
    audio = synthesize(phrase, "en-us").samples
    finals = []
    listener = Listener(SphinxRecognizer(), finals.append, mode="push_to_talk")
    listener.press()
    start = time.perf_counter()
    for i in range(0, len(audio), 3200):
        listener.feed(audio[i : i + 3200])
        time.sleep(max(0.0, start + (i + 3200) / 32000 - time.perf_counter()))
    listener.release()
    listener.drain()
    listener.close()
    assert finals
    errors, words = edits(phrase, finals[0].transcript.text)
    assert errors / words <= 0.4, finals[0].transcript.text
    assert finals[0].ended_by == "release"

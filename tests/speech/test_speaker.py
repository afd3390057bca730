"""The Speaker: lines voiced in order off the caller's thread, start/done in pairs, cancellable, timed."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from simulator.speech.espeak_synth import EspeakNgSynth
from simulator.speech.silent_synth import SilentSynth
from simulator.speech.speaker import Speaker
from simulator.speech.synth import Audio, SynthesisError
from simulator.voices import VoiceSettings, find_voice

VOICE = find_voice("daniel_reyes").settings({"agitation": 50})
LINES = [("l1", "Stay back."), ("l2", "I said stay back! Don't come any closer."), ("l3", "Who sent you?")]


class Gated:
    """A real engine behind a gate the test opens: synthesis waits until ``gate`` is set.

    Not a fake: the audio still comes from the wrapped engine. It only lets a test
    hold the worker mid-line, to prove the caller is never blocked and that
    cancelling drops the line in flight.
    """

    def __init__(self, inner: EspeakNgSynth | SilentSynth) -> None:
        self.inner = inner
        self.name = inner.name
        self.gate = threading.Event()
        self.entered = threading.Event()

    def available(self) -> tuple[bool, str]:
        return self.inner.available()

    def describe(self, settings: VoiceSettings) -> str:
        return self.inner.describe(settings)

    def synthesize(self, text: str, settings: VoiceSettings) -> Audio:
        self.entered.set()
        assert self.gate.wait(10), "the test never opened the gate"
        return self.inner.synthesize(text, settings)


class Log:
    """Records callbacks as (event, line_id, thread name)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, str]] = []
        self.audio: dict[str, Audio] = {}
        self.lock = threading.Lock()

    def _add(self, event: str, line_id: str) -> None:
        with self.lock:
            self.events.append((event, line_id, threading.current_thread().name))

    def start(self, line_id: str) -> None:
        self._add("start", line_id)

    def done(self, line_id: str) -> None:
        self._add("done", line_id)

    def play(self, line_id: str, audio: Audio) -> None:
        self.audio[line_id] = audio
        self._add("audio", line_id)

    def error(self, line_id: str, exc: Exception) -> None:
        self._add("error", line_id)

    def sequence(self) -> list[tuple[str, str]]:
        return [(e, i) for e, i, _ in self.events]


def _speaker(synth, log: Log, **kwargs) -> Speaker:
    return Speaker(synth, log.play, on_start=log.start, on_done=log.done, on_error=log.error, **kwargs)


@pytest.fixture
def espeak() -> EspeakNgSynth:
    synth = EspeakNgSynth()
    assert synth.available()[0]
    return synth


def test_lines_are_voiced_in_order_with_start_and_done_around_each(espeak: EspeakNgSynth) -> None:
    log = Log()
    speaker = _speaker(espeak, log)
    for line_id, text in LINES:
        speaker.say(line_id, text, VOICE)
    assert speaker.wait_idle(10)
    speaker.close()
    assert log.sequence() == [(e, i) for i, _ in LINES for e in ("start", "audio", "done")]
    assert {thread for _, _, thread in log.events} == {"speaker-espeak-ng"}  # never the caller's thread
    assert log.audio["l2"].duration > log.audio["l1"].duration > 0.3


def test_say_never_blocks_the_caller_and_latency_is_measured(espeak: EspeakNgSynth) -> None:
    gated, log = Gated(espeak), Log()
    speaker = _speaker(gated, log)
    started = time.perf_counter()
    for line_id, text in LINES:
        speaker.say(line_id, text, VOICE)
    assert gated.entered.wait(5)
    assert time.perf_counter() - started < 0.05  # three say() calls while the worker is stuck on line 1
    time.sleep(0.1)
    gated.gate.set()
    assert speaker.wait_idle(10)
    speaker.close()
    first = speaker.timings[0]
    assert first.line_id == "l1" and 0.1 <= speaker.first_audio_latency() < 2.0
    assert first.latency >= first.synth_seconds >= 0.1  # the 0.1 s the gate held it is counted
    assert [t.line_id for t in speaker.timings] == ["l1", "l2", "l3"]


def test_first_audio_is_ready_fast_with_espeak(espeak: EspeakNgSynth) -> None:
    log = Log()
    speaker = _speaker(espeak, log)
    espeak.synthesize("Warm up.", VOICE)
    speaker.say("l1", "Why are you here? I didn't call anybody.", VOICE)
    assert speaker.wait_idle(10)
    speaker.close()
    assert speaker.first_audio_latency() < 0.5


def test_cancel_drops_queued_lines_and_the_one_in_flight(espeak: EspeakNgSynth) -> None:
    gated, log = Gated(espeak), Log()
    speaker = _speaker(gated, log)
    for line_id, text in LINES:
        speaker.say(line_id, text, VOICE)
    assert gated.entered.wait(5)
    speaker.cancel()
    gated.gate.set()
    assert speaker.wait_idle(10)
    assert log.sequence() == []  # l1 was synthesised but not handed over; l2, l3 never synthesised
    speaker.say("l4", "Okay. Okay.", VOICE)
    assert speaker.wait_idle(10)
    speaker.close()
    assert log.sequence() == [("start", "l4"), ("audio", "l4"), ("done", "l4")]


def test_with_await_playback_done_waits_for_the_player(espeak: EspeakNgSynth) -> None:
    log = Log()
    speaker = _speaker(espeak, log, await_playback=True, playback_grace=5.0)
    speaker.say("l1", "Stay back.", VOICE)
    deadline = time.monotonic() + 5
    while ("audio", "l1") not in log.sequence() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    assert ("done", "l1") not in log.sequence()  # the microphone stays off while the line plays
    speaker.finished("l1")
    assert speaker.wait_idle(5)
    speaker.close()
    assert log.sequence()[-1] == ("done", "l1")


def test_a_player_that_never_reports_back_releases_after_duration_plus_grace() -> None:
    log = Log()
    settings = replace(VOICE, rate=450.0)
    speaker = _speaker(SilentSynth(), log, await_playback=True, playback_grace=0.1)
    started = time.monotonic()
    speaker.say("l1", "Go.", settings)
    assert speaker.wait_idle(5)
    waited = time.monotonic() - started
    speaker.close()
    expected = SilentSynth().synthesize("Go.", settings).duration + 0.1
    assert expected <= waited < expected + 0.5
    assert log.sequence() == [("start", "l1"), ("audio", "l1"), ("done", "l1")]


def test_a_failing_line_is_reported_and_the_next_one_still_speaks(espeak: EspeakNgSynth) -> None:
    log = Log()
    speaker = _speaker(espeak, log)
    speaker.say("bad", "Hello.", replace(VOICE, base_voice="xx-nowhere", variant=None))
    speaker.say("good", "Hello.", VOICE)
    assert speaker.wait_idle(10)
    speaker.close()
    assert log.sequence() == [("error", "bad"), ("start", "good"), ("audio", "good"), ("done", "good")]


def test_a_failing_callback_does_not_stop_the_voice(espeak: EspeakNgSynth) -> None:
    heard: list[str] = []

    def player(line_id: str, audio: Audio) -> None:
        heard.append(line_id)
        if line_id == "l1":
            raise RuntimeError("audio device vanished")

    speaker = Speaker(espeak, player)
    speaker.say("l1", "One.", VOICE)
    speaker.say("l2", "Two.", VOICE)
    assert speaker.wait_idle(10)
    speaker.close()
    assert heard == ["l1", "l2"]


def test_close_stops_the_worker_and_refuses_more_lines() -> None:
    speaker = Speaker(SilentSynth(), lambda line_id, audio: None)
    speaker.close()
    assert not speaker._thread.is_alive()
    with pytest.raises(RuntimeError, match="closed"):
        speaker.say("l1", "Hello.", VOICE)


def test_synthesis_error_type_is_what_on_error_receives(espeak: EspeakNgSynth) -> None:
    errors: list[Exception] = []
    speaker = Speaker(espeak, lambda line_id, audio: None, on_error=lambda line_id, exc: errors.append(exc))
    speaker.say("bad", "Hello.", replace(VOICE, base_voice="xx-nowhere", variant=None))
    assert speaker.wait_idle(10)
    speaker.close()
    assert len(errors) == 1 and isinstance(errors[0], SynthesisError)

"""``deescalate bench speech``: word error rate, real-time factor and latency, per engine and audio set."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from simulator.speech.recognizer import EngineUnavailable, make_recognizer, transcribe
from simulator.speech.testaudio import espeak_available, officer_phrases, real_recordings, synthesized_clips
from simulator.speech.wer import wer


def _engines(print_) -> list[tuple[str, Any]]:
    engines = []
    for name in ("builtin", "vosk"):
        try:
            engines.append((name, make_recognizer(name)))
        except EngineUnavailable as exc:
            print_(f"  {name}: not measured — {exc}")
    return engines


def measure(recognizer, clips) -> dict[str, float]:
    pairs, busy, audio_s = [], 0.0, 0.0
    for clip in clips:
        start = time.perf_counter()
        hyp = transcribe(recognizer, clip.audio).text
        busy += time.perf_counter() - start
        audio_s += clip.audio.duration
        pairs.append((clip.reference, hyp))
    return {"wer": wer(pairs), "rtf": busy / audio_s if audio_s else 0.0, "clips": len(clips), "audio_s": audio_s}


def latency(recognizer, clips, synth_first_audio: Callable[[str], float] | None) -> dict[str, float]:
    """Push-to-talk, fed at real time: release → final text, and → the first audio of the reply."""
    from simulator.catalog import scenario_files
    from simulator.clock import ManualClock
    from simulator.scenario.loader import load_scenario
    from simulator.session import Session
    from simulator.speech.listener import Listener
    from simulator.understanding import default_reader

    scenario = load_scenario(scenario_files()[0])[0]
    default_reader()  # loaded once at start-up in the app, so not part of a turn's latency
    if synth_first_audio is not None:
        synth_first_audio("warm up")
    finals, replies = [], []
    for clip in clips:
        got = []
        listener = Listener(recognizer, got.append, mode="push_to_talk")
        listener.press()
        chunk = 2 * 1600  # 100 ms
        pcm = clip.audio.samples
        t0 = time.perf_counter()
        for i in range(0, len(pcm), chunk):
            listener.feed(pcm[i : i + chunk])
            target = t0 + (i + chunk) / 32000
            time.sleep(max(0.0, target - time.perf_counter()))
        released = time.perf_counter()
        listener.release()
        while not got and time.perf_counter() - released < 10:
            time.sleep(0.002)
        listener.close()
        if not got:
            continue
        finals.append(got[0].final_ms)
        session = Session(scenario, seed=1, clock=ManualClock())
        session.start()
        session.say(got[0].transcript.text or "hello", source="speech")
        reply = next((e.data["text"] for e in reversed(session.events) if e.type == "person_said"), "okay")
        if synth_first_audio is not None:
            synth_first_audio(reply)
        replies.append((time.perf_counter() - released) * 1000)
    return {
        "final_p50_ms": statistics.median(finals) if finals else float("nan"),
        "final_max_ms": max(finals) if finals else float("nan"),
        "reply_p50_ms": statistics.median(replies) if replies else float("nan"),
        "reply_max_ms": max(replies) if replies else float("nan"),
    }


def run(print_=print, phrases: int = 60, latency_clips: int = 8) -> dict[str, Any]:
    print_("speech benchmark")
    results: dict[str, Any] = {}
    real = real_recordings()
    synth = synthesized_clips(officer_phrases(phrases)) if espeak_available() else []
    if not real:
        print_("  real recordings: not found (../shared/audio beside the repository)")
    if not synth:
        print_("  synthesised phrases: espeak-ng is not installed (sudo apt-get install espeak-ng)")
    synth_first_audio = None
    try:
        from simulator.speech.synth import pick_synthesizer
        from simulator.voices import find_voice

        synthesizer = pick_synthesizer(None)
        settings = find_voice("daniel_reyes").settings({"agitation": 60})

        def synth_first_audio(text: str) -> float:
            return synthesizer.synthesize(text, settings).duration
    except Exception as exc:  # the benchmark still reports recognition
        print_(f"  (no synthesiser for the reply latency: {exc})")
    for name, recognizer in _engines(print_):
        row: dict[str, Any] = {}
        if real:
            row["real"] = measure(recognizer, real)
        if synth:
            row["synth"] = measure(recognizer, synth)
            row["latency"] = latency(recognizer, synth[:latency_clips], synth_first_audio)
        results[name] = row
        print_(f"  {name} ({recognizer.info.description}):")
        if "real" in row:
            r = row["real"]
            print_(f"    real recordings ({r['clips']} clips, {r['audio_s']:.0f} s): WER {r['wer']:.1%}, real-time factor {r['rtf']:.3f}")
        if "synth" in row:
            r = row["synth"]
            print_(f"    officer phrases, espeak-ng en-us / en-us+f3 / en-gb-x-rp ({r['clips']} clips, never in the language model): "
                   f"WER {r['wer']:.1%}, real-time factor {r['rtf']:.3f}")
            lat = row["latency"]
            print_(f"    push-to-talk release → final text: p50 {lat['final_p50_ms']:.0f} ms, max {lat['final_max_ms']:.0f} ms")
            print_(f"    release → final text + understanding + state machine + synthesis of the reply: p50 {lat['reply_p50_ms']:.0f} ms, "
                   f"max {lat['reply_max_ms']:.0f} ms")
    from simulator.speech.endpoint import EndpointConfig

    print_(f"  hands-free endpointing waits {EndpointConfig().end_silence_ms} ms of silence before deciding an utterance ended "
           "(added to the figures above in that mode)")
    return results

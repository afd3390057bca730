"""``deescalate bench speech``: word error rate, real-time factor and latency, per engine and audio set."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from simulator.speech.recognizer import EngineUnavailable, make_recognizer, transcribe
from simulator.speech.testaudio import VOICES, espeak_available, officer_phrases, real_recordings, synthesized_clips, tuning_phrases
from simulator.speech.wer import wer


def _engines(print_) -> list[tuple[str, Any]]:
    engines = []
    for name in ("builtin", "vosk"):
        try:
            engines.append((name, make_recognizer(name)))
        except EngineUnavailable as exc:
            print_(f"  {name}: not measured — {exc}")
    return engines


_worker_engine: Any = None


def _start_worker(name: str) -> None:
    global _worker_engine
    _worker_engine = make_recognizer(name)


def _decode(job: tuple[str, bytes, int]) -> tuple[str, str, float]:
    reference, samples, rate = job
    from simulator.speech.synth import Audio

    start = time.perf_counter()
    text = transcribe(_worker_engine, Audio(samples, rate)).text
    return reference, text, time.perf_counter() - start


def measure(name: str, clips, workers: int = 1, voices: tuple[str, ...] = ()) -> dict[str, Any]:
    """WER and real-time factor of engine ``name`` on ``clips``, decoded by ``workers`` processes.

    Each clip is decoded by one process on its own, so the real-time factor is one core's, however
    many work side by side; the WER is over all words of all clips. With ``voices``, clip i is in
    voice i mod len(voices) and the WER is given per voice as well.
    """
    jobs = [(c.reference, c.audio.samples, c.audio.rate) for c in clips]
    if workers > 1 and len(jobs) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")  # no copy of a parent's threads or Qt state
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(name,)) as pool:
            done = list(pool.map(_decode, jobs))
    else:
        _start_worker(name)
        done = [_decode(job) for job in jobs]
    audio_s = sum(c.audio.duration for c in clips)
    row: dict[str, Any] = {"wer": wer([(r, h) for r, h, _ in done]), "rtf": sum(b for *_, b in done) / audio_s if audio_s else 0.0,
                           "clips": len(clips), "audio_s": audio_s}
    if voices:
        row["per_voice"] = {v: wer([(r, h) for r, h, _ in done[i :: len(voices)]]) for i, v in enumerate(voices)}
    return row


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


def run(print_=print, phrases: int | None = None, latency_clips: int = 8, workers: int | None = None) -> dict[str, Any]:
    """Print and return the figures. ``phrases``: how many unseen officer phrases (default all of them)."""
    import os

    workers = workers or max(1, min(4, os.cpu_count() or 1))
    print_("speech benchmark")
    results: dict[str, Any] = {}
    real = real_recordings()
    unseen = officer_phrases(phrases or 10_000)
    synth = synthesized_clips(unseen) if espeak_available() else []
    tuning = synthesized_clips(tuning_phrases()) if espeak_available() else []
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
        print_(f"  {name} ({recognizer.info.description}), decoding on {workers} processes:")
        if real:
            row["real"] = r = measure(name, real, workers)
            print_(f"    real recordings ({r['clips']} clips, {r['audio_s']:.0f} s, read books and card names: out of domain): "
                   f"WER {r['wer']:.1%}, real-time factor {r['rtf']:.3f}")
        if synth:
            row["synth"] = r = measure(name, synth, workers, VOICES)
            voices = ", ".join(f"{v} {w:.1%}" for v, w in r["per_voice"].items())
            print_(f"    unseen officer phrases, espeak-ng ({r['clips']} clips, {r['audio_s']:.0f} s; never in the language model "
                   f"nor used to choose settings): WER {r['wer']:.1%} ({voices}), real-time factor {r['rtf']:.3f}")
            row["tuning"] = r = measure(name, tuning, workers, VOICES)
            print_(f"    tuning phrases (the {r['clips']} the settings were chosen on; for comparison only): WER {r['wer']:.1%}")
            row["latency"] = lat = latency(recognizer, synth[:latency_clips], synth_first_audio)
            print_(f"    push-to-talk release → final text: p50 {lat['final_p50_ms']:.0f} ms, max {lat['final_max_ms']:.0f} ms")
            print_(f"    release → final text + understanding + state machine + synthesis of the reply: p50 {lat['reply_p50_ms']:.0f} ms, "
                   f"max {lat['reply_max_ms']:.0f} ms")
        results[name] = row
    from simulator.speech.endpoint import EndpointConfig

    print_(f"  hands-free endpointing waits {EndpointConfig().end_silence_ms} ms of silence before deciding an utterance ended "
           "(added to the figures above in that mode)")
    return results
